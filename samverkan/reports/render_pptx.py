"""The pack in PowerPoint: native tables and native charts (their data embedded, editable in
PowerPoint), on the installation's template. The template is the built-in default unless an
administrator has uploaded one (or SAMVERKAN_REPORT_TEMPLATE names a file); its master and logo
carry over to every slide. Content placeholders take no chart, so tables and charts are added
as shapes below the title (the template's title layout and title-only layout are used)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt

from .pack import Pack, cell_text, cell_value
from .registry import TEXT

ROWS_PER_SLIDE = 10
TITLE_LAYOUTS = ("Title Slide", "Rubrikbild")
TITLE_ONLY_LAYOUTS = ("Title Only", "Endast rubrik")


def template_path() -> Path | None:
    """The uploaded or configured template, if there is one."""
    path = getattr(settings, "SAMVERKAN_REPORT_TEMPLATE", "")
    return Path(path) if path and Path(path).is_file() else None


def presentation() -> Presentation:
    path = template_path()
    prs = Presentation(str(path)) if path else Presentation()
    # a template's own example slides are not part of the pack
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for slide_id in list(ids):
        prs.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    return prs


def _layout(prs, names, fallback: int):
    for layout in prs.slide_layouts:
        if layout.name in names:
            return layout
    return prs.slide_layouts[min(fallback, len(prs.slide_layouts) - 1)]


class Deck:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.prs = presentation()
        self.title_layout = _layout(self.prs, TITLE_LAYOUTS, 0)
        self.body_layout = _layout(self.prs, TITLE_ONLY_LAYOUTS, 5)
        self.margin = Emu(int(self.prs.slide_width * 0.05))
        self.top = Emu(int(self.prs.slide_height * 0.2))

    @property
    def width(self):
        return self.prs.slide_width - 2 * self.margin

    def slide(self, title: str, layout=None):
        slide = self.prs.slides.add_slide(layout or self.body_layout)
        if slide.shapes.title is not None:
            slide.shapes.title.text = title
        self._footer(slide)
        return slide

    def _footer(self, slide):
        height = Emu(int(self.prs.slide_height * 0.05))
        box = slide.shapes.add_textbox(self.margin, self.prs.slide_height - height - Emu(45720),
                                       self.width, height)
        paragraph = box.text_frame.paragraphs[0]
        paragraph.text = _("%(title)s · uppgifter per %(date)s · sida %(page)s") % {
            "title": self.pack.title, "date": self.pack.as_of.isoformat(),
            "page": len(self.prs.slides)}
        paragraph.runs[0].font.size = Pt(9)

    def text(self, slide, lines, top=None, height=None):
        box = slide.shapes.add_textbox(self.margin, top or self.top, self.width,
                                       height or Emu(int(self.prs.slide_height * 0.6)))
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.runs[0].font.size = Pt(14 if len(lines) < 10 else 11)

    def table(self, title, table):
        rows = table.all_rows
        if table.slide_rows is not None and len(table.rows) > table.slide_rows:
            rows = table.rows[:table.slide_rows] + ([table.total] if table.total else [])
        chunks = [rows[i:i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            heading = title if len(chunks) == 1 else f"{title} ({number}/{len(chunks)})"
            slide = self.slide(heading)
            height = Emu(Pt(22) * (len(chunk) + 1))
            shape = slide.shapes.add_table(len(chunk) + 1, len(table.columns), self.margin,
                                           self.top, self.width, height)
            grid = shape.table
            for col, column in enumerate(table.columns):
                self._cell(grid.cell(0, col), column.title, bold=True)
            for r, row in enumerate(chunk, start=1):
                for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
                    self._cell(grid.cell(r, col), cell_text(value, column.kind),
                               bold=row is table.total, right=column.kind != TEXT)

    @staticmethod
    def _cell(cell, text, bold=False, right=False):
        cell.text = text
        for paragraph in cell.text_frame.paragraphs:
            if right:
                paragraph.alignment = 3  # PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(10)
                run.font.bold = bold

    def chart(self, chart):
        if not chart.categories:  # nothing to draw (its table says so)
            return
        slide = self.slide(chart.title)
        data = CategoryChartData()
        data.categories = [str(c) for c in chart.categories]
        for name, values in chart.series:
            data.add_series(str(name), [float(cell_value(v, chart.kind)) if v is not None else None
                                      for v in values])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED, self.margin, self.top, self.width,
            Emu(int(self.prs.slide_height * 0.65)), data)
        frame.chart.has_legend = True
        frame.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        frame.chart.legend.include_in_layout = False

    def render(self) -> bytes:
        for part in self.pack.sections:
            content = part.content
            if part.key == "omslag":
                slide = self.slide(content.paragraphs[0] if content.paragraphs else part.title,
                                   self.title_layout)
                if len(slide.placeholders) > 1:
                    slide.placeholders[1].text = "\n".join(content.paragraphs[1:])
                continue
            if content.paragraphs or content.is_empty:
                self.text(self.slide(part.title), content.paragraphs or [_("Inget att visa.")])
            for table in content.tables:
                self.table(table.title, table)
            for chart in content.charts:
                self.chart(chart)
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def render(pack: Pack) -> bytes:
    return Deck(pack).render()
