"""Bilaga 3 ([004]) verbatim, seed spelling kept, as the installation's default questionnaire.
The weights are the design proposal of REQUIREMENTS §7.1 (equal), not Bilaga 3's: it has none."""

from __future__ import annotations

from decimal import Decimal

NAME = "Klassificering av IS/IT-system (Bilaga 3)"

# (area, sub-area, weight within its TIME axis, [(code, text, knock_out)])
SUB_AREAS = [
    ("verksamhetsvarde", "Funktionalitet", Decimal("33.34"), [
        ("V1", "Systemet är ett bra hjälpmedel för vi ska kunna utföra vårt arbete.", False),
        ("V2", "Systemet är så bra att vi inte behöver utföra några manuella moment vid sidan "
               "av.", False),
        ("V3", "Systemet är till stor nytta för verksamheten.", False),
        ("V4", "Systemet har de funktioner som vi behöver.", False),
    ]),
    ("verksamhetsvarde", "Användbarhet", Decimal("33.33"), [
        ("V5", "Systemet är lätt att använda.", False),
        ("V6", "Systemet är lätt att lära sig.", False),
        ("V7", "Systemet fungera bra (krånglar inte, hänger sig inte)", False),
        ("V8", "Det är lätt att få användarsupport på systemet.", False),
    ]),
    ("verksamhetsvarde", "Legala krav", Decimal("33.33"), [
        ("V9", "Systemet uppfyller nuvarande legala krav.", True),
        ("V10", "Nya versioner levereras snabbt när legala krav ändras.", False),
    ]),
    ("teknik", "Teknik", Decimal("50"), [
        ("T1", "Systemet följer vår beslutade IT-strategi och följer våra standarder.", False),
        ("T2", "Systemet passar i vår målarkitektur eller kommer att utvecklas mot den.", False),
        ("T3", "Systemet har en öppenhet och kan därmed anropa och anropas enligt standard.",
         False),
        ("T4", "Systemet kan inhämta information i dialog med medborgare via vår "
               "e-tjänsteplattform.", False),
        ("T5", "Systemet följer med i teknikutvecklingen.", False),
        ("T6", "Nya versioner levereras när så krävs.", False),
        ("T7", "Det är lätt att få teknisk support på systemet.", False),
    ]),
    ("leverantor", "Leverantör", Decimal("50"), [
        ("L1", "Leverantören är lyhörd för våra krav och har förmåga att omvandla dessa till "
               "funktioner i systemet.", False),
        ("L2", "Leverantören har många installationer som liknar vår.", False),
        ("L3", "Leverantören är bra på att ta hand om och lösa uppkomna fel i systemet.", False),
        ("L4", "Leverantören har god ekonomi och agerar långsiktigt.", False),
    ]),
]

ECONOMY_FIELDS = [
    ("E1", "Årlig licenskostnad (tkr)", "tkr", "avtal"),
    ("E2", "Årlig supportkostnad (tkr)", "tkr", "bokf_drift"),
    ("E3", "Årlig utvecklingskostnad (tkr)", "tkr", "bokf_konsult"),
    ("E4", "Antal användare i kommunen (st)", "st", "anvandare"),
]


def load(Questionnaire, SubArea, Statement, EconomyField):
    """Create the default version once; the model classes are passed so that a migration can
    call it with its historical models."""
    if Questionnaire.objects.filter(name=NAME, edition=1).exists():
        return Questionnaire.objects.get(name=NAME, edition=1)
    questionnaire = Questionnaire.objects.create(
        name=NAME, edition=1, is_default=True,
        description="Bilaga 3 ordagrant. Skala, vikter och TIME-regel är tillägg: bilagan "
                    "anger ingen skala, inga vikter och inga klasser.")
    position = 0
    for sub_position, (area, name, weight, statements) in enumerate(SUB_AREAS):
        sub = SubArea.objects.create(questionnaire=questionnaire, area=area, name=name,
                                     weight=weight, position=sub_position)
        for code, text, knock_out in statements:
            position += 1
            Statement.objects.create(questionnaire=questionnaire, sub_area=sub, code=code,
                                     text=text, knock_out=knock_out, position=position)
    for field_position, (code, label, unit, source) in enumerate(ECONOMY_FIELDS):
        EconomyField.objects.create(questionnaire=questionnaire, code=code, label=label,
                                    unit=unit, source=source, position=field_position)
    return questionnaire
