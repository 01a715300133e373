"""Generate a national-scale system portfolio for the benchmark.

All 290 municipalities and 21 regions (the shipped reference data), a couple of dozen joint IT
boards, the capability taxonomy, ~200 suppliers with ~500 products, 60 000 systems, 2 000
management objects, 150 000 usage rows, integrations, people with PM3 roles and steering groups.

The rows are written with bulk_create in batches, so no change-history rows are created for
them: the benchmark measures reading, and a fresh national import would look the same.

    SAMVERKAN_DATA_DIR=bench/data .venv/bin/python bench/portfolio_generate.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portfolio \\
        .venv/bin/python bench/portfolio_generate.py --reset

The target database must be chosen explicitly (DATABASE_URL or SAMVERKAN_DATA_DIR), so the
demo database is never filled by mistake. A database that already holds systems is refused
unless --reset is given; --reset empties the WHOLE database (manage.py flush) first.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

BATCH = 2000
ARCHIVED_AT = None  # set in generate(): one timestamp for the retired systems that are archived

SUPPLIER_WORDS = [
    "Nord", "Data", "Kommun", "Väst", "Syd", "Öst", "Norr", "Digi", "Info", "Sys", "Tekno",
    "Lund", "Berg", "Sjö", "Skog", "Fjäll", "Älv", "Ström", "Dal", "Vik", "Ljus", "Logik",
    "Nät", "Moln", "Kod", "Vision", "Form", "Plan", "Läro", "Vård",
]
SUPPLIER_SUFFIX = ["AB", "Sverige AB", "Software AB", "Systems AB", "IT AB", "Solutions AB"]
PRODUCT_STEMS = [
    "Edu", "Care", "Geo", "Doc", "Case", "Pay", "Time", "Plan", "Book", "Lib", "Map", "Flow",
    "Form", "Sign", "Portal", "Arkiv", "Skol", "Omsorg", "Bygg", "Miljö", "Kost", "Larm",
    "Fastighet", "Ekonomi", "Lön", "Diarie", "Webb", "Kontakt", "Schema", "Elev",
]
PRODUCT_SUFFIX = ["", " Pro", " Go", " 365", " Online", " Cloud", " Plus", " Next", " X", " Core"]
REAL_PRODUCTS = [  # a few recognisable names so ?q= finds something familiar
    ("Procapita Edlevo", "Tietoevry Sweden AB"), ("Procapita Vård och omsorg", "Tietoevry Sweden AB"),
    ("Procapita IFO", "Tietoevry Sweden AB"), ("Lifecare", "Tietoevry Sweden AB"),
    ("Infomentor", "Infomentor AB"), ("Unikum", "Unikum AB"), ("Haldor Education", "Haldor AB"),
    ("Raindance", "CGI Sverige AB"), ("Personec P", "Visma Enterprise AB"),
    ("Public 360", "Tietoevry Sweden AB"), ("ByggR", "Sokigo AB"), ("EDP Vision", "Sokigo AB"),
    ("Microsoft 365", "Microsoft AB"), ("Sitevision", "Sitevision AB"), ("Easit GO", "Easit AB"),
    ("Quria", "Axiell Sverige AB"), ("Mashie", "Mashie AB"), ("Platina", "Formpipe Software AB"),
    ("Skola24", "IST Sverige AB"), ("Telavox Flow", "Telavox AB"),
]
OBJECT_NAMES = [
    "Lärplattform", "Elevadministration", "Vård och omsorg", "Socialtjänst", "Ekonomi",
    "Personal och lön", "Ärende och dokument", "Webb och e-tjänster", "Bygg och miljö", "GIS",
    "Fastighet", "Bibliotek", "Kost", "Kontorsstöd", "IT-stöd", "Säkerhet och identitet",
    "Välfärdsteknik", "Politisk administration", "Bokning", "Kontaktcenter",
]
FIRST = ["Anna", "Erik", "Karin", "Lars", "Maria", "Johan", "Sara", "Per", "Lena", "Omar",
         "Eva", "Magnus", "Emma", "Anders", "Fatima", "Nils", "Ida", "Ali", "Sofia", "Jonas"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
        "Persson", "Svensson", "Gustafsson", "Lind", "Berg", "Holm", "Ek", "Haddad", "Ström"]
TITLES = ["IT-strateg", "Förvaltningsledare", "Systemförvaltare", "Förvaltningschef",
          "Verksamhetsutvecklare", "Ekonom", "IT-chef", "Enhetschef"]
DEPARTMENTS = ["skola", "omsorg", "socialtjänst", "teknik", "kultur", "ekonomi", "HR",
               "kommunledning", "miljö", "bygg"]


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def check_target() -> None:
    if not (os.environ.get("DATABASE_URL") or os.environ.get("SAMVERKAN_DATA_DIR")):
        sys.exit("Choose the benchmark database explicitly: set DATABASE_URL or "
                 "SAMVERKAN_DATA_DIR (e.g. SAMVERKAN_DATA_DIR=bench/data).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", type=int, default=60_000)
    parser.add_argument("--objects", type=int, default=2_000)
    parser.add_argument("--usages", type=int, default=150_000)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--integrations", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1814)
    parser.add_argument("--reset", action="store_true",
                        help="empty the whole database (flush) before generating")
    args = parser.parse_args()
    check_target()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from samverkan.portfolio.models import System

    if System.objects.exists():
        if not args.reset:
            sys.exit("The database already holds systems; run again with --reset to empty it "
                     "(the whole database) and generate anew.")
        call_command("flush", interactive=False, verbosity=0)
        print("Database emptied.")
    print(f"Generating into {connection.vendor}: {connection.settings_dict['NAME']}")
    generate(args)
    with connection.cursor() as cursor:
        # planner statistics (and PostgreSQL's visibility map), as autovacuum would have them
        # some minutes after a real import
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s.")


def step(label: str):
    class Timer:
        def __enter__(self):
            self.t = time.perf_counter()
            print(f"  {label} …", end="", flush=True)

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.t:.1f} s", flush=True)

    return Timer()


def bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def generate(args) -> None:
    from django.db import transaction
    from stdnum import luhn

    from samverkan.organisations.models import Membership, Organisation, Person, Population
    from samverkan.organisations.services import load_reference_data
    from samverkan.portfolio.models import (
        Capability,
        Integration,
        ManagementObject,
        ObjectRole,
        Product,
        SteeringGroupMember,
        Supplier,
        System,
        SystemUsage,
    )
    from samverkan.portfolio.services import load_capabilities

    global ARCHIVED_AT
    from django.utils import timezone

    ARCHIVED_AT = timezone.now()
    rng = random.Random(args.seed)

    with step("organisations and capabilities"):
        load_reference_data()
        load_capabilities()
    municipalities = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY))
    regions = list(Organisation.objects.filter(kind=Organisation.Kind.REGION))
    population = dict(Population.objects.values_list("organisation_id", "inhabitants"))

    with transaction.atomic():
        with step("joint IT boards"):
            by_county = defaultdict(list)
            for org in municipalities:
                by_county[org.county_code].append(org)
            boards, links = [], []
            for county, towns in sorted(by_county.items()):
                if len(towns) < 4:
                    continue
                towns = sorted(towns, key=lambda o: o.municipality_code)
                group = towns[: rng.randint(2, 5)]
                board = Organisation.objects.create(
                    name=f"{group[0].name} med flera, gemensam IT-nämnd",
                    kind=Organisation.Kind.JOINT_BOARD, county_code=county)
                boards.append(board)
                links += [Membership(cooperation=board, member=town, is_host=i == 0)
                          for i, town in enumerate(group)]
            bulk(Membership, links)
        organisations = municipalities + regions + boards
        same_county = defaultdict(list)
        for org in organisations:
            same_county[org.county_code].append(org)

        with step("suppliers and products"):
            used_numbers: set[str] = set()

            def org_number() -> str:
                while True:
                    body = f"55{rng.randrange(10**7):07d}"
                    number = body + luhn.calc_check_digit(body)
                    if number not in used_numbers:
                        used_numbers.add(number)
                        return f"{number[:6]}-{number[6:]}"

            supplier_names = sorted({s for _, s in REAL_PRODUCTS})
            while len(supplier_names) < args.suppliers:
                name = (f"{rng.choice(SUPPLIER_WORDS)}{rng.choice(SUPPLIER_WORDS).lower()} "
                        f"{rng.choice(SUPPLIER_SUFFIX)}")
                if name not in supplier_names:
                    supplier_names.append(name)
            suppliers = bulk(Supplier, [Supplier(name=n, org_number=org_number())
                                        for n in supplier_names])
            supplier_by_name = {s.name: s for s in suppliers}
            product_rows = [Product(name=n, supplier=supplier_by_name[s]) for n, s in REAL_PRODUCTS]
            seen = {(p.name, p.supplier.name) for p in product_rows}
            while len(product_rows) < args.products:
                supplier = rng.choice(suppliers)
                name = f"{rng.choice(PRODUCT_STEMS)}{rng.choice(PRODUCT_STEMS).lower()}" \
                       f"{rng.choice(PRODUCT_SUFFIX)}"
                if (name, supplier.name) not in seen:
                    seen.add((name, supplier.name))
                    product_rows.append(Product(name=name, supplier=supplier,
                                                description=f"Produkt från {supplier.name}."))
            products = bulk(Product, product_rows)
            # a long tail: a few products are everywhere, most are niche
            product_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(products))]

        capabilities = list(Capability.objects.filter(parent__isnull=False))

        with step("people"):
            weights = [math.sqrt(population.get(o.pk, 20_000)) for o in organisations]
            people_rows = []
            for i in range(args.people):
                org = organisations[i] if i < len(organisations) else \
                    rng.choices(organisations, weights)[0]
                first, last = rng.choice(FIRST), rng.choice(LAST)
                people_rows.append(Person(
                    name=f"{first} {last}", organisation=org, title=rng.choice(TITLES),
                    email=f"{first.lower()}.{last.lower()}.{i}@example.se"))
            people = bulk(Person, people_rows)
            people_by_org = defaultdict(list)
            for person in people:
                people_by_org[person.organisation_id].append(person)

        with step(f"{args.objects} management objects, roles and steering groups"):
            share = allocate(args.objects, organisations, weights)
            object_rows = []
            for org in organisations:
                names = rng.sample(OBJECT_NAMES, min(share[org.pk], len(OBJECT_NAMES)))
                names += [f"{OBJECT_NAMES[i % len(OBJECT_NAMES)]} {i // len(OBJECT_NAMES) + 2}"
                          for i in range(share[org.pk] - len(names))]
                object_rows += [ManagementObject(
                    name=name, organisation=org, capability=rng.choice(capabilities),
                    description=f"Förvaltningsobjekt för {name.lower()} i {org.name}.")
                    for name in names]
            objects = bulk(ManagementObject, object_rows)
            objects_by_org = defaultdict(list)
            for obj in objects:
                objects_by_org[obj.organisation_id].append(obj)
            role_rows, steering_rows = [], []
            for obj in objects:
                staff = people_by_org[obj.organisation_id]
                kinds = []
                if rng.random() < 0.8:
                    kinds.append(ObjectRole.Kind.OWNER)
                if rng.random() < 0.7:
                    kinds += [ObjectRole.Kind.LEAD_BUSINESS, ObjectRole.Kind.LEAD_IT]
                kinds += rng.choices([ObjectRole.Kind.SPECIALIST_BUSINESS,
                                      ObjectRole.Kind.SPECIALIST_IT, ObjectRole.Kind.SUPERUSER],
                                     k=rng.randint(0, 3))
                role_rows += [ObjectRole(management_object=obj, person=rng.choice(staff),
                                         organisation=obj.organisation, role=kind)
                              for kind in kinds]
                if rng.random() < 0.6:
                    for n in range(rng.randint(2, 5)):
                        steering_rows.append(SteeringGroupMember(
                            management_object=obj, person=rng.choice(staff),
                            organisation=obj.organisation, is_chair=n == 0,
                            mandate="Förvaltningschef"))
            bulk(ObjectRole, role_rows)
            bulk(SteeringGroupMember, steering_rows)

        with step(f"{args.systems} systems"):
            share = allocate(args.systems, organisations, weights)
            system_rows = []
            for org in organisations:
                names: set[str] = set()
                for _ in range(share[org.pk]):
                    product = rng.choices(products, product_weights)[0] if rng.random() < 0.85 \
                        else None
                    base = product.name if product else \
                        f"{rng.choice(PRODUCT_STEMS)}register {rng.choice(DEPARTMENTS)}"
                    name, n = base, 1
                    while name in names:
                        n += 1
                        name = f"{base} ({rng.choice(DEPARTMENTS)} {n})"
                    names.add(name)
                    system_rows.append(make_system(rng, name, org, product, capabilities,
                                                   people_by_org[org.pk],
                                                   objects_by_org.get(org.pk, [])))
            systems = bulk(System, system_rows)

        with step(f"{args.usages} usage rows"):
            pairs: set[tuple[int, int]] = set()
            usage_rows = []
            for system in systems:
                if len(usage_rows) >= args.usages:
                    break
                pairs.add((system.pk, system.organisation_id))
                usage_rows.append(SystemUsage(system=system, organisation_id=system.organisation_id,
                                              users=rng.randint(1, 2000)))
            shared = [s for s in systems if s.hosting in ("gemensam", "saas")] or systems
            while len(usage_rows) < args.usages:
                system = rng.choice(shared)
                other = rng.choice(same_county[system.organisation.county_code] or organisations)
                if (system.pk, other.pk) in pairs:
                    other = rng.choice(organisations)
                    if (system.pk, other.pk) in pairs:
                        continue
                pairs.add((system.pk, other.pk))
                usage_rows.append(SystemUsage(system=system, organisation=other,
                                              users=rng.randint(1, 500)))
            bulk(SystemUsage, usage_rows)

        with step(f"{args.integrations} integrations"):
            systems_by_org = defaultdict(list)
            for system in systems:
                systems_by_org[system.organisation_id].append(system)
            integration_rows = []
            owners = [o for o in organisations if len(systems_by_org[o.pk]) > 1]
            while len(integration_rows) < args.integrations:
                local = systems_by_org[rng.choice(owners).pk]
                source, target = rng.sample(local, 2)
                integration_rows.append(Integration(
                    source=source, target=target,
                    method=rng.choice(Integration.Method.values),
                    data=rng.choice(["Personuppgifter", "Elevuppgifter", "Ekonomi", "Organisation",
                                     "Ärenden", ""]),
                    frequency=rng.choice(["Dagligen", "Varje timme", "Realtid", ""])))
            bulk(Integration, integration_rows)

    print(f"  {len(organisations)} organisations, {len(suppliers)} suppliers, "
          f"{len(products)} products, {len(people)} people, {len(objects)} management objects, "
          f"{len(role_rows)} PM3 roles, {len(steering_rows)} steering group members, "
          f"{len(systems)} systems, {len(usage_rows)} usage rows, "
          f"{len(integration_rows)} integrations")


def allocate(total: int, organisations, weights) -> dict[int, int]:
    """Split `total` over the organisations in proportion to `weights`, exactly (largest
    remainder), at least one each."""
    base = len(organisations)
    rest = total - base
    weight_sum = sum(weights)
    exact = [rest * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in exact]
    order = sorted(range(base), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return {org.pk: 1 + n for org, n in zip(organisations, shares, strict=True)}


def make_system(rng, name, org, product, capabilities, staff, objects):
    from samverkan.portfolio.models import System

    lifecycle = weighted(rng, [("drift", 75), ("planerat", 4), ("inforande", 6),
                               ("avveckling", 10), ("avvecklat", 5)])
    criticality = weighted(rng, [("", 15), ("lag", 35), ("medel", 30), ("hog", 15),
                                 ("kritisk", 5)])
    classification = weighted(rng, [("full", 45), ("partial", 15), ("none", 40)])
    levels = [rng.randint(0, 4) for _ in range(3)]
    if classification == "partial":
        levels[rng.randrange(3)] = None
    elif classification == "none":
        levels = [None, None, None]
    personal = weighted(rng, [(True, 50), (False, 30), (None, 20)])
    hosting = weighted(rng, [("egen", 30), ("gemensam", 20), ("saas", 35), ("extern", 8), ("", 7)])
    dpa = weighted(rng, [("finns", 60), ("saknas", 25), ("", 15)]) if personal else \
        weighted(rng, [("ej_aktuellt", 50), ("", 50)])
    department = rng.choice(DEPARTMENTS)
    return System(
        name=name, organisation=org, product=product,
        description=rng.choice([
            "", f"Används av {department} i {org.name}.",
            f"Stöd för {department}; ersätter tidigare lokal lösning.",
        ]),
        capability=rng.choice(capabilities) if rng.random() < 0.9 else None,
        owner_person=rng.choice(staff) if staff and rng.random() < 0.6 else None,
        management_object=rng.choice(objects) if objects and rng.random() < 0.5 else None,
        lifecycle=lifecycle, criticality=criticality,
        confidentiality=levels[0], integrity=levels[1], availability=levels[2],
        personal_data=personal, dpa=dpa, hosting=hosting,
        service_window=rng.choice(["", "Vardagar 07–18", "Dygnet runt", "Tisdagar 18–20"]),
        archived_at=ARCHIVED_AT if lifecycle == "avvecklat" and rng.random() < 0.4 else None,
    )


if __name__ == "__main__":
    main()
