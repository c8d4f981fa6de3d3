"""勤務医サイバー保険 and 医療機関用サイバー保険 (products `cyber_physician`, `cyber_institution`):
the incident opened on a notice of circumstances, third parties' claims, costs by head of loss,
other insurance and recoveries, recourse, and the products' words."""

from domain.cyber import descriptions as _descriptions  # noqa: F401  (registers the events' descriptions)
