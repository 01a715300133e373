"""The Sydnärke example: four municipalities, their joint IT board and organisation, their
systems, and the shared management object "Lärplattform" as the seed report recommends.

Every function here is idempotent: running the demo again changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from samverkan.core.permissions import Role
from samverkan.organisations.models import Membership, Organisation, OrganisationRole, Person
from samverkan.portfolio.models import (
    Capability,
    ManagementObject,
    ObjectDocument,
    ObjectRole,
    Product,
    SteeringGroupMember,
    Supplier,
    System,
    SystemUsage,
)

MUNICIPALITIES = {"1882": "Askersund", "1861": "Hallsberg", "1860": "Laxå", "1814": "Lekeberg"}
HOST = "1861"
COOPERATION = "Sydnärkes IT-nämnd"

# name, organisation number (valid check digits), website
SUPPLIERS = [
    ("Tietoevry Sweden AB", "5560715210", "https://www.tietoevry.com"),
    ("Infomentor AB", "5566517396", ""),
    ("Unikum AB", "5565891917", ""),
    ("Haldor AB", "5590468111", ""),
    ("Visma Enterprise AB", "5560561176", ""),
    ("CGI Sverige AB", "5563375434", ""),
    ("Sokigo AB", "5566124672", ""),
    ("Microsoft AB", "5565778817", ""),
    ("Evry Sweden AB", "5562228501", ""),
    ("Sitevision AB", "5564909678", ""),
    ("Easit AB", "5563597458", ""),
    ("Axiell Sverige AB", "5565938148", ""),
    ("Mashie AB", "5565690699", ""),
    ("Formpipe Software AB", "5566680566", ""),
    ("IST Sverige AB", "5566141320", ""),
    ("Telavox AB", "5566600622", ""),
]

# product, supplier, capability, criticality, hosting, (K, R, T), personal data
PRODUCTS = [
    ("Procapita Edlevo", "Tietoevry Sweden AB", "Elevadministration", "kritisk", "gemensam", (3, 3, 3), True),
    ("Procapita Vård och omsorg", "Tietoevry Sweden AB", "Verksamhetssystem vård och omsorg", "kritisk", "gemensam", (4, 4, 3), True),
    ("Procapita IFO", "Tietoevry Sweden AB", "Verksamhetssystem socialtjänst", "kritisk", "gemensam", (4, 4, 3), True),
    ("Infomentor", "Infomentor AB", "Lärplattform", "hog", "saas", (3, 3, 2), True),
    ("Unikum", "Unikum AB", "Lärplattform", "hog", "saas", (3, 3, 2), True),
    ("Haldor Education", "Haldor AB", "Lärplattform", "hog", "saas", (3, 3, 2), True),
    ("Raindance", "CGI Sverige AB", "Ekonomi och upphandling", "kritisk", "gemensam", (2, 4, 3), False),
    ("Personec P", "Visma Enterprise AB", "Personal och lön", "kritisk", "gemensam", (3, 4, 3), True),
    ("Public 360", "Tietoevry Sweden AB", "Ärende- och dokumenthantering", "hog", "gemensam", (3, 3, 2), True),
    ("ByggR", "Sokigo AB", "Bygg och miljö", "medel", "gemensam", (2, 3, 2), True),
    ("EDP Vision", "Sokigo AB", "Bygg och miljö", "medel", "gemensam", (2, 3, 2), True),
    ("Geosecma", "Sokigo AB", "Geografisk information", "medel", "gemensam", (1, 3, 2), False),
    ("Microsoft 365", "Microsoft AB", "Samarbete och kontorsstöd", "kritisk", "saas", (3, 3, 3), True),
    ("Sitevision", "Sitevision AB", "Kommunikation och service", "hog", "gemensam", (1, 3, 3), False),
    ("Easit GO", "Easit AB", "IT-drift och service", "hog", "saas", (2, 3, 3), True),
    ("Quria", "Axiell Sverige AB", "Bibliotek", "lag", "saas", (2, 2, 2), True),
    ("Mashie", "Mashie AB", "Kost och måltid", "medel", "saas", (1, 2, 2), False),
    ("Platina", "Formpipe Software AB", "Politisk administration", "medel", "gemensam", (2, 3, 2), True),
    ("Skola24", "IST Sverige AB", "Elevadministration", "hog", "saas", (2, 3, 3), True),
    ("Telavox Flow", "Telavox AB", "Kommunikation och service", "hog", "saas", (2, 2, 4), True),
    ("Lifecare", "Tietoevry Sweden AB", "Planering och uppföljning hemtjänst", "hog", "saas", (3, 3, 3), True),
]

# products each municipality runs its own installation of (the seed report's core finding)
PER_MUNICIPALITY = ["Procapita Edlevo", "Procapita Vård och omsorg", "Procapita IFO", "Raindance",
                    "Personec P", "Public 360", "ByggR", "Sitevision", "Quria", "Mashie", "Platina",
                    "Skola24", "Lifecare"]
LEARNING_PLATFORMS = {"1814": ["Unikum", "Infomentor"], "1861": ["Haldor Education"],
                      "1882": ["Infomentor"], "1860": ["Unikum"]}
JOINT_SYSTEMS = ["Microsoft 365", "Easit GO", "Geosecma", "Telavox Flow", "EDP Vision"]

EXTRA_LOCAL = [  # smaller systems that make a register real; (name, capability, criticality)
    ("Schemaläggning Time Care", "Personal och lön", "hog"),
    ("Trygghetslarm Tunstall", "Välfärdsteknik", "kritisk"),
    ("Interbook Go", "Bokning och föreningsstöd", "lag"),
    ("Fastighetssystem Incit", "Fastighet och teknik", ""),
]
STAFF = {  # people who hold roles; the report names the two at the IT organisation
    "Marcus Cederberg": (COOPERATION, "IT-chef, Sydnärkes IT-förvaltning", "marcus.cederberg@example.se"),
    "Magnus Ideqvist": (COOPERATION, "Förvaltningsledare IT", "magnus.ideqvist@example.se"),
    "Anna Berg": ("1882", "Förvaltningschef barn och utbildning", "anna.berg@example.se"),
    "Per Holm": ("1861", "Förvaltningschef barn och utbildning", "per.holm@example.se"),
    "Karin Lund": ("1860", "Förvaltningschef barn och utbildning", "karin.lund@example.se"),
    "Erik Sjö": ("1814", "Förvaltningschef barn och utbildning", "erik.sjo@example.se"),
    "Sara Ek": ("1882", "IKT-strateg", "sara.ek@example.se"),
    "Johan Ström": ("1861", "Utvecklingsledare", "johan.strom@example.se"),
    "Lena Nyberg": ("1860", "IT-strateg", "lena.nyberg@example.se"),
    "Omar Haddad": ("1814", "Utvecklingsledare", "omar.haddad@example.se"),
    "Maria Lindqvist": ("1860", "Ekonom", "maria.lindqvist@example.se"),
}
STRATEGISTS = {"1882": "Sara Ek", "1861": "Johan Ström", "1860": "Lena Nyberg", "1814": "Omar Haddad"}
SCHOOL_HEADS = {"1882": "Anna Berg", "1861": "Per Holm", "1860": "Karin Lund", "1814": "Erik Sjö"}
SCHOOL_USERS = {"1882": 1450, "1861": 2100, "1860": 720, "1814": 1150}
STAFF_USERS = {"1882": 950, "1861": 1400, "1860": 520, "1814": 720}


def municipalities() -> dict[str, Organisation]:
    return {code: Organisation.objects.get(municipality_code=code) for code in MUNICIPALITIES}


@transaction.atomic
def load() -> dict:
    towns = municipalities()
    board = _cooperation(towns)
    people = _people(towns, board)
    suppliers = {name: _supplier(name, number, site) for name, number, site in SUPPLIERS}
    capabilities = {c.name: c for c in Capability.objects.all()}
    products = {p[0]: _product(p, suppliers) for p in PRODUCTS}
    learning = _learning_platform_object(board, towns, people, capabilities)
    systems = _systems(towns, board, products, capabilities, people, learning)
    return {"systems": systems, "cooperation": board, "object": learning}


def _cooperation(towns) -> Organisation:
    board, _created = Organisation.objects.get_or_create(
        name=COOPERATION,
        defaults={"kind": Organisation.Kind.JOINT_BOARD, "short_name": "Sydnärke IT",
                  "description": "Gemensam IT-nämnd med IT-förvaltning för Askersund, Hallsberg, "
                                 "Laxå och Lekeberg, bildad 1 april 2014. Värdkommun: Hallsberg."},
    )
    for code, town in towns.items():
        Membership.objects.get_or_create(
            cooperation=board, member=town,
            defaults={"valid_from": datetime.date(2014, 4, 1), "is_host": code == HOST},
        )
    return board


def _people(towns, board) -> dict[str, Person]:
    people = {}
    for name, (where, title, email) in STAFF.items():
        org = board if where == COOPERATION else towns[where]
        people[name], _created = Person.objects.get_or_create(
            name=name, organisation=org, defaults={"title": title, "email": email})
    return people


def _supplier(name, number, website) -> Supplier:
    supplier = Supplier.objects.filter(name=name).first()
    if supplier is None:
        supplier = Supplier(name=name, org_number=number, website=website)
        supplier.full_clean()
        supplier.save()
    return supplier


def _product(spec, suppliers) -> Product:
    name, supplier_name = spec[0], spec[1]
    product, _created = Product.objects.get_or_create(name=name, supplier=suppliers[supplier_name])
    return product


def _learning_platform_object(board, towns, people, capabilities) -> ManagementObject:
    obj, created = ManagementObject.objects.get_or_create(
        name="Lärplattform", organisation=board,
        defaults={
            "capability": capabilities.get("Lärplattform"),
            "established_on": datetime.date(2023, 1, 1),
            "description": "Gemensamt förvaltningsobjekt för kommunernas lärplattformar, "
                           "infört enligt slutrapportens rekommendation: börja i mindre skala "
                           "med ett objekt inom skolförvaltningen, gemensam förvaltningsplan och "
                           "styrgrupp, huvudansvaret hos IT-förvaltningen.",
        },
    )
    if not created:
        return obj
    ObjectRole.objects.create(management_object=obj, person=people["Marcus Cederberg"],
                              organisation=board, role=ObjectRole.Kind.OWNER)
    ObjectRole.objects.create(management_object=obj, person=people["Magnus Ideqvist"],
                              organisation=board, role=ObjectRole.Kind.LEAD_IT)
    for code, name in STRATEGISTS.items():
        ObjectRole.objects.create(management_object=obj, person=people[name],
                                  organisation=towns[code], role=ObjectRole.Kind.LEAD_BUSINESS)
    SteeringGroupMember.objects.create(
        management_object=obj, person=people["Marcus Cederberg"], organisation=board,
        is_chair=True, mandate="Objektägare; beslutar om objektets resurser och budget")
    for code, name in SCHOOL_HEADS.items():
        SteeringGroupMember.objects.create(
            management_object=obj, person=people[name], organisation=towns[code],
            mandate="Förvaltningschef BoU; företräder kommunens verksamhet och budget")
    ObjectDocument.objects.create(
        management_object=obj, title="Förvaltningsplan Lärplattform 2026",
        kind=ObjectDocument.Kind.PLAN, url="https://intranat.example.se/lararplattform/plan-2026")
    return obj


def _systems(towns, board, products, capabilities, people, learning) -> int:
    specs = {p[0]: p for p in PRODUCTS}
    count = 0
    for code, town in towns.items():
        names = PER_MUNICIPALITY + LEARNING_PLATFORMS[code]
        for index, product_name in enumerate(names):
            spec = specs[product_name]
            # some gaps on purpose: the overview must have something to show
            gap = (index + int(code)) % 7 == 0
            system = _system(
                name=f"{product_name} {town.name}", organisation=town, product=products[product_name],
                spec=spec, capabilities=capabilities,
                owner=None if gap else people[STRATEGISTS[code]],
                management_object=learning if spec[2] == "Lärplattform" else None,
                classified=not gap,
            )
            users = SCHOOL_USERS[code] if spec[2] in ("Lärplattform", "Elevadministration") \
                else STAFF_USERS[code] // 3
            SystemUsage.objects.get_or_create(system=system, organisation=town,
                                              defaults={"users": users})
            count += 1
        for name, capability, criticality in EXTRA_LOCAL:
            system = System.objects.filter(name=f"{name} {town.name}", organisation=town).first()
            if system is None:
                System.objects.create(name=f"{name} {town.name}", organisation=town,
                                      capability=capabilities.get(capability),
                                      criticality=criticality)
            count += 1
    for product_name in JOINT_SYSTEMS:
        spec = specs[product_name]
        system = _system(name=product_name, organisation=board, product=products[product_name],
                         spec=spec, capabilities=capabilities, owner=people["Magnus Ideqvist"],
                         management_object=None, classified=True)
        for code, town in towns.items():
            SystemUsage.objects.get_or_create(system=system, organisation=town,
                                              defaults={"users": STAFF_USERS[code]})
        count += 1
    return count


def _system(*, name, organisation, product, spec, capabilities, owner, management_object,
            classified) -> System:
    existing = System.objects.filter(name=name, organisation=organisation).first()
    if existing is not None:
        return existing
    _n, _s, capability, criticality, hosting, (k, r, t), personal = spec
    return System.objects.create(
        name=name, organisation=organisation, product=product,
        capability=capabilities.get(capability), owner_person=owner,
        management_object=management_object, criticality=criticality, hosting=hosting,
        confidentiality=k if classified else None, integrity=r if classified else None,
        availability=t if classified else None, personal_data=personal,
        dpa=System.Agreement.SIGNED if personal and hosting == "saas" else "",
        service_window="Tisdagar 18–22" if hosting == "gemensam" else "",
        lifecycle=System.Lifecycle.ACTIVE,
    )


DEMO_USERS = [
    # username, first, last, superuser, (organisation key, role)
    ("admin", "Administratör", "", True, None),
    ("laxa", "Lena", "Nyberg", False, ("1860", Role.EDITOR)),
    ("hallsberg", "Johan", "Ström", False, ("1861", Role.READER)),
    ("sydnarke", "Magnus", "Ideqvist", False, (COOPERATION, Role.EDITOR)),
]


def create_demo_users(password: str = "demo") -> list[str]:
    """Demo logins with a known password: only ever called by `samverkan demo`."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    towns = municipalities()
    board = Organisation.objects.get(name=COOPERATION)
    names = []
    for username, first, last, superuser, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last,
                        is_superuser=superuser, is_staff=superuser)
            user.set_password(password)
            user.save()
        if role is not None:
            key, level = role
            org = board if key == COOPERATION else towns[key]
            OrganisationRole.objects.get_or_create(user=user, organisation=org,
                                                   defaults={"role": level})
            person = Person.objects.filter(name=f"{first} {last}").first()
            if person is not None and person.user_id is None:
                person.user = user
                person.save()
        names.append(username)
    return names
