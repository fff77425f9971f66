"""Charts for the course notebooks (图表), drawn with matplotlib.

Only notebooks that draw import this module, so `import ledgerkit` never loads matplotlib.
Labels follow the current language (`ledgerkit.set_language`); Chinese text uses a CJK
font when one is installed.

>>> import matplotlib; matplotlib.use("Agg")
>>> from ledgerkit.design import SCENARIOS
>>> figure = radar([SCENARIOS["vouchers"], SCENARIOS["coffee"]])
>>> len(figure.axes[0].lines), [t.get_text() for t in figure.axes[0].get_xticklabels()][:2]
(2, ['trust gap', 'joint operation'])
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ledgerkit.design import FACTORS, Assessment, Scenario, factor_label
from ledgerkit.errors import InputError
from ledgerkit.i18n import register_strings

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Fonts with Chinese glyphs, tried in order after DejaVu Sans (matplotlib falls back per
# character, so Latin text keeps its usual look).
CJK_FONTS = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC")

register_strings({
    "charts.bad_item": (
        "radar() draws Scenario or Assessment objects, one or a list of them; got {got}.",
        "radar() 只能绘制 Scenario 或 Assessment 对象（一个或一组）；实际为 {got}。"),
    "charts.not_polar": (
        "radar() needs polar axes: plt.subplots(subplot_kw={{'projection': 'polar'}}).",
        "radar() 需要极坐标轴：plt.subplots(subplot_kw={{'projection': 'polar'}})。"),
})


def radar(items: Scenario | Assessment | Iterable[Scenario | Assessment],
          ax: Axes | None = None) -> Figure:
    """The five factor scores of one or several scenarios on a radar chart (雷达图), one
    closed line per scenario, overlaid; returns the matplotlib Figure. Pass polar `ax` to
    draw into an existing figure. In a notebook, end the cell with plt.show() (or a ";"):
    a Figure left as the cell's value is shown twice, once as the value and once by
    matplotlib.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from ledgerkit.design import SCENARIOS, assess
    >>> radar(assess(SCENARIOS["bills"])).axes[0].get_title()
    'Digital bills (数字票据)'
    """
    import matplotlib.pyplot as plt  # lazily: only notebooks that draw pay for matplotlib

    scenarios = _scenarios(items)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6), subplot_kw={"projection": "polar"})
    elif ax.name != "polar":
        raise InputError("charts.not_polar")
    fonts = font_families()  # given to each text, so no global setting changes
    angles = [2 * math.pi * i / len(FACTORS) for i in range(len(FACTORS))]
    closed = [*angles, angles[0]]
    ax.set_theta_offset(math.pi / 2)  # the first factor at the top, then clockwise
    ax.set_theta_direction(-1)
    for scenario in scenarios:
        scores = list(scenario.scores.values())
        (line,) = ax.plot(closed, [*scores, scores[0]], marker="o", linewidth=2,
                          label=scenario.name)
        ax.fill(closed, [*scores, scores[0]], color=line.get_color(), alpha=0.12)
    ax.set_xticks(angles, [factor_label(factor) for factor in FACTORS], fontfamily=fonts)
    ax.tick_params(axis="x", pad=10)
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        # Align each label away from the circle, so long labels at the sides stay clear.
        across = math.sin(angle)  # the screen's x direction, with the first factor on top
        label.set_horizontalalignment("left" if across > 0.1 else
                                      "right" if across < -0.1 else "center")
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    if len(scenarios) == 1:
        ax.set_title(scenarios[0].name, pad=18, fontfamily=fonts)
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), frameon=False,
                  prop={"family": fonts})
    return ax.figure


def _scenarios(items: object) -> list[Scenario]:
    if isinstance(items, (Scenario, Assessment)):
        items = [items]
    elif isinstance(items, Mapping):
        items = list(items.values())
    found = []
    for item in items if isinstance(items, Iterable) and not isinstance(items, str) else [items]:
        if isinstance(item, Assessment):
            item = item.scenario
        if not isinstance(item, Scenario):
            raise InputError("charts.bad_item", got=type(item).__name__)
        found.append(item)
    if not found:
        raise InputError("charts.bad_item", got="nothing")
    return found


class _CjkWeightNotice(logging.Filter):
    """Drops matplotlib's notice that a CJK font comes in medium weight only: harmless, and
    noise in a learner's notebook."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("Failed to find font weight" in message
                    and any(name in message for name in CJK_FONTS))


_CJK_WEIGHT_NOTICE = _CjkWeightNotice()


def font_families() -> list[str]:
    """Fonts for chart text: DejaVu Sans, then any installed CJK font for Chinese labels.

    >>> font_families()[0]
    'DejaVu Sans'
    """
    from matplotlib import font_manager

    # addFilter ignores a filter it already has, so calling this for every chart is fine.
    logging.getLogger("matplotlib.font_manager").addFilter(_CJK_WEIGHT_NOTICE)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in CJK_FONTS if name in installed)]


def use_cjk_fallback() -> None:
    """Let every later chart of this kernel draw Chinese labels: matplotlib falls back,
    glyph by glyph, from DejaVu Sans to an installed CJK font, so Latin text looks as
    before and Chinese text is no longer a row of boxes. The kernel extension calls it
    before the first cell that draws; a notebook never has to.

    >>> import matplotlib; matplotlib.use("Agg"); use_cjk_fallback()
    >>> matplotlib.rcParams["font.family"][0]
    'DejaVu Sans'
    """
    import matplotlib

    matplotlib.rcParams["font.family"] = font_families()
