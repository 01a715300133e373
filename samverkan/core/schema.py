"""OpenAPI schema details that hold for every API: registered with drf-spectacular on import
(core/api.py imports this module)."""

from django.db import models
from django_filters import rest_framework as filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import has_override, set_override
from drf_spectacular.types import OpenApiTypes


class RecordChoiceFilterExtension(DjangoFilterExtension):
    """A filter that picks a record takes the record's primary key, also when a filter method
    (rather than a model field of the same name) does the filtering."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if (isinstance(filter_field, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter)
                and filter_field.method and not has_override(filter_field, "field")):
            pk = filter_field.queryset.model._meta.pk
            integer = isinstance(pk, models.AutoField | models.IntegerField)
            set_override(filter_field, "field", OpenApiTypes.INT if integer else OpenApiTypes.STR)
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name,
                                            filter_field)
