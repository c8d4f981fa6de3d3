"""The reports' bar charts (web/charts.py): bars scale exactly to their values, the axis reads in
yen (¥ or 万円) or 件, labels are escaped, and each chart is an accessible image with no style
attribute or script (the page's CSP would block them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from web.charts import BarChart, Series, axis_maximum, layout_of, render, tick_label

SVG = "{http://www.w3.org/2000/svg}"


def drawn(chart: BarChart) -> ET.Element:
    return ET.fromstring(str(render(chart, "chart-test")))


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "data-value" in r.attrib]


def ticks(root: ET.Element) -> list[str]:
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "chart__axis")
    return [t.text for t in axis.iter(f"{SVG}text")]


def a_chart(*values: int, unit="yen", stacked=False, categories=None, series_names=("承認額",)) -> BarChart:
    count = len(values) // len(series_names)
    cats = categories or tuple(f"{2024 + i}年度" for i in range(count))
    series = tuple(Series(name, tuple(values[i * count:(i + 1) * count])) for i, name in enumerate(series_names))
    return BarChart("年度別の支払額", "年度ごとの承認額", cats, series, unit, stacked)


def test_each_bar_is_its_value_over_the_axis_maximum_of_the_plot_width():
    chart = a_chart(288_000, 3_000_000, 1, 0)
    at = layout_of(chart)
    assert at.axis_max == 3_000_000
    for rect in bars(drawn(chart)):
        assert float(rect.get("width")) == pytest.approx(int(rect.get("data-value")) * at.plot_width / 3_000_000, abs=0.005)
        assert float(rect.get("x")) == pytest.approx(at.left, abs=0.005)


def test_bars_keep_the_proportions_of_their_values():
    widths = [float(r.get("width")) for r in bars(drawn(a_chart(100_000, 250_000, 50_000)))]
    assert widths[1] / widths[0] == pytest.approx(2.5, rel=1e-4) and widths[2] / widths[0] == pytest.approx(0.5, rel=1e-4)


def test_a_single_round_value_fills_the_plot_exactly():
    chart = a_chart(300_000)
    (rect,) = bars(drawn(chart))
    assert float(rect.get("width")) == pytest.approx(layout_of(chart).plot_width, abs=0.005)


def test_nothing_to_show_draws_empty_bars_on_an_axis_that_still_reads():
    assert [r.get("width") for r in bars(drawn(a_chart(0, 0)))] == ["0", "0"]
    assert ticks(drawn(a_chart(0, 0))) == ["0", "¥2,000", "¥4,000", "¥6,000", "¥8,000", "¥10,000"]
    assert ticks(drawn(a_chart(0, unit="count"))) == ["0", "1件"]


def test_no_categories_at_all_is_an_empty_chart_not_an_error():
    root = drawn(BarChart("相談件数", "該当なし", (), (Series("件数", ()),), "count"))
    assert bars(root) == [] and root.get("role") == "img"


def test_a_yen_axis_reads_in_man_yen_from_100000_and_in_yen_below():
    assert ticks(drawn(a_chart(2_712_000))) == ["0", "50万円", "100万円", "150万円", "200万円", "250万円", "300万円"]
    assert ticks(drawn(a_chart(60_000))) == ["0", "¥10,000", "¥20,000", "¥30,000", "¥40,000", "¥50,000", "¥60,000"]
    assert tick_label(288_000, "yen", 300_000) == "¥288,000"  # not a whole 万: in yen


def test_a_count_axis_has_whole_steps_in_ken():
    assert axis_maximum(7, "count") == 8
    assert ticks(drawn(a_chart(7, unit="count"))) == ["0", "2件", "4件", "6件", "8件"]


def test_each_bar_ends_with_its_figure_and_says_it_on_hover():
    root = drawn(a_chart(288_000))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "¥288,000" in texts
    assert bars(root)[0].find(f"{SVG}title").text == "2024年度 承認額: ¥288,000"


def test_stacked_segments_follow_each_other_and_the_total_ends_the_bar():
    chart = a_chart(100_000, 50_000, 150_000, stacked=True, categories=("H-2026-0001",),
                    series_names=("振込済", "未払", "残額"))
    root = drawn(chart)
    first, second, third = bars(root)
    assert float(second.get("x")) == pytest.approx(float(first.get("x")) + float(first.get("width")), abs=0.01)
    assert float(third.get("x")) == pytest.approx(float(second.get("x")) + float(second.get("width")), abs=0.01)
    assert first.get("y") == second.get("y") == third.get("y")
    assert layout_of(chart).axis_max == 300_000 and "¥300,000" in [t.text for t in root.iter(f"{SVG}text")]


def test_grouped_bars_sit_one_under_another_with_a_legend():
    root = drawn(a_chart(300_000, 100_000, series_names=("承認額", "振込額")))
    first, second = bars(root)
    assert float(second.get("y")) > float(first.get("y")) and first.get("x") == second.get("x")
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "chart__legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["承認額", "振込額"]


def test_labels_and_titles_are_escaped():
    chart = BarChart('<script>"年度"', "説明 & <b>", ("<img src=x>&",), (Series("承認</text>", (1,)),), "count")
    html = str(render(chart, "x"))
    assert "<script>" not in html and "<img" not in html and "</text>\"" not in html
    root = ET.fromstring(html)  # still well-formed
    assert root.get("aria-label") == '<script>"年度"'
    assert "<img src=x>&" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_chart_is_an_accessible_image_without_style_or_script():
    root = drawn(a_chart(288_000, 12_000, series_names=("承認額",)))
    assert root.get("role") == "img" and root.get("aria-label") == "年度別の支払額"
    assert root[0].tag == f"{SVG}title" and root[0].text == "年度別の支払額"
    assert root[1].tag == f"{SVG}desc" and root[1].text == "年度ごとの承認額"
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag.endswith("script") or e.tag.endswith("style")]


def test_a_long_label_is_cut_with_an_ellipsis_and_kept_whole_in_the_bar_title():
    label = "医療機関用サイバー保険（医療法人・診療所・介護施設を含む団体契約）"
    root = drawn(BarChart("t", "d", (label,), (Series("承認額", (1_000,)),)))
    shown = next(t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("医療"))
    assert shown.endswith("…") and len(shown) < len(label)
    assert bars(root)[0].find(f"{SVG}title").text.startswith(label)


@pytest.mark.parametrize(("values", "error"), [((1, 2), "one value per category"), ((-1,), "never negative")])
def test_a_chart_refuses_values_it_cannot_draw(values, error):
    with pytest.raises(ValueError, match=error):
        BarChart("t", "d", ("a",), (Series("s", values),))
