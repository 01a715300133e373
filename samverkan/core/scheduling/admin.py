from django.contrib import admin

from .models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ("name", "last_run_at", "next_run_at", "last_task_id")
    readonly_fields = ("name", "last_run_at", "last_task_id")
