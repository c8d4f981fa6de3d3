"""The programme's three products, each named by one constant."""

from __future__ import annotations

from domain.kernel.labels import Labelled


class Product(Labelled):
    HARASSMENT = "harassment", "クレーム対応費用保険"
    CYBER_PHYSICIAN = "cyber_physician", "勤務医サイバー保険"
    CYBER_INSTITUTION = "cyber_institution", "医療機関用サイバー保険"

    @property
    def is_cyber(self) -> bool:
        return self is not Product.HARASSMENT


CYBER_PRODUCTS = (Product.CYBER_PHYSICIAN, Product.CYBER_INSTITUTION)
