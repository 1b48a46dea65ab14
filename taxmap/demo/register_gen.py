"""A seeded, realistic property register for a generated parcel fabric, as plain rows.

Row keys are exactly the columns of parcels/register/orm.py less EXCLUDED_COLUMNS. Keys are
temporary: `id` numbers rows 0, 1, … per table; `parcel_id` is the row position in the parcels
given; `party_id`, `building_id`, `sign_id` and `operator_party_id` point at those `id`s."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Point, Polygon, box

from parcels.register.search import party_search_key
from taxmap.core.ids import national_id_check_digit
from taxmap.core.thai import to_buddhist_year

Row = dict[str, Any]


EXCLUDED_COLUMNS = frozenset(
    {"lao_id", "created_at", "created_by", "case_id", "valid_from", "valid_to", "status", "version"}
)
LTAX = dict(agri="1", res_main="2-1", res_bldg="2-2", res_other="2-3", other="3", vacant="4")
_PARTY = str.split(
    "owner_no kind title_th first_name_th last_name_th name_th name_en national_id juristic_id"
    " registered_address current_address mailing_address phone email moved_for_official_reasons"
    " search_key"
)
_BUILDING = str.split(
    "code parcel_id house_no village_no road alley treasury_type construction_class floors width_m"
    " length_m floor_area_m2 year_completed footprint"
)
_OBJECTS = ("parcel_id", "building_id", "condo_unit_id", "sign_id")
EXEMPT_RELIGIOUS, EXEMPT_STATE = "s.8 religious", "s.8 state public use"
TREASURY_TYPES = {101: "house", 201: "shophouse"}
CROPS = ("rice", "rice", "rice", "cassava", "sugar cane", "maize", "rubber", "cattle")
ADDRESS = "หมู่ {v} ตำบลบัวลาย อำเภอบัวลาย จังหวัดนครราชสีมา 30120"
_MEN = str.split(
    "สมชาย:Somchai สมศักดิ์:Somsak สมพงษ์:Somphong ประเสริฐ:Prasoet บุญมี:Bunmi สุรชัย:Surachai วิชัย:Wichai"
    " ธนากร:Thanakon อนุชา:Anucha ประยูร:Prayun สมบัติ:Sombat ชัยวัฒน์:Chaiwat สุวิทย์:Suwit ณัฐพล:Nattaphon"
    " กิตติศักดิ์:Kittisak ศักดิ์ชัย:Sakchai บุญเลิศ:Bunloet ทองดี:Thongdi สมหมาย:Sommai วีระ:Wira อำนาจ:Amnat"
    " เกรียงไกร:Kriangkrai พิชิต:Phichit ธีรพงษ์:Thiraphong สุเทพ:Suthep มานพ:Manop จักรพันธ์:Chakkraphan"
    " ปิยะ:Piya ไพโรจน์:Phairot สมาน:Saman"
)
_WOMEN = str.split(
    "สมศรี:Somsri มาลี:Mali บุญเรือน:Bunruean สุภาพร:Suphaphon วันเพ็ญ:Wanphen นงลักษณ์:Nongluck"
    " กาญจนา:Kanchana อรุณี:Aruni สุนันทา:Sunantha พรทิพย์:Phonthip ลำดวน:Lamduan ทองใบ:Thongbai"
    " ประภา:Prapha จันทร์เพ็ญ:Chanphen รัตนา:Rattana ศิริพร:Siriphon สุดารัตน์:Sudarat อัญชลี:Anchali"
    " วิไลวรรณ:Wilaiwan ปราณี:Prani นิตยา:Nittaya เยาวลักษณ์:Yaowalak บุษบา:Butsaba สายสุนีย์:Saisuni"
    " จิราพร:Chiraphon พิมพ์ใจ:Phimjai ดวงใจ:Duangjai อุไร:Urai สมใจ:Somjai คำปุ่น:Khampun"
)
_SURNAMES = str.split(
    "ใจดี:Jaidee ศรีสุข:Srisuk บุญมา:Bunma ทองคำ:Thongkham แก้วกล้า:Kaewkla สุขสวัสดิ์:Suksawat พลศรี:Phonsri"
    " ชัยมงคล:Chaimongkhon ศรีวงศ์:Sriwong มีสุข:Meesuk รักษาพล:Raksaphon บุญประเสริฐ:Bunprasoet"
    " สมบูรณ์:Sombun วงศ์ใหญ่:Wongyai แสงทอง:Saengthong ทองมา:Thongma ปัญญาดี:Panyadi สีดา:Sida"
    " ขันทอง:Khanthong โพธิ์ศรี:Phosri คำแก้ว:Khamkaew ศรีบัว:Sribua นาคสุข:Naksuk เพชรรัตน์:Phetcharat"
    " จันทร์แก้ว:Chankaew ดวงดี:Duangdi บัวลาย:Bualai โคตรสมบัติ:Khotsombat พิมพ์สวัสดิ์:Phimsawat"
    " ศรีสมบัติ:Srisombat ชาญชัย:Chanchai บุตรดี:Butdi ประจำ:Pracham สุวรรณ:Suwan ทองสุข:Thongsuk"
    " กองแก้ว:Kongkaew มั่นคง:Mankhong สายทอง:Saithong เรืองศรี:Rueangsri ผิวขาว:Phiukhao"
    " หอมสมบัติ:Homsombat อินทร์แก้ว:Inkaew ภูมิวงศ์:Phumiwong คงสวัสดิ์:Khongsawat ศรีเมือง:Srimueang"
    " แสนสุข:Saensuk นามวงศ์:Namwong เสนาพันธ์:Senaphan พรหมมา:Phromma สิงห์ทอง:Singthong ดีเลิศ:Deeloet"
    " ยอดดี:Yotdi มณีวงศ์:Maniwong บุญเรือง:Bunrueang จำปาทอง:Champathong เหล่าสุข:Laosuk"
    " ทองเพชร:Thongphet ชุมพล:Chumphon ศรีทอง:Srithong นิลสุวรรณ:Ninsuwan"
)
_JURISTIC = (
    ("บริษัท บัวลายค้าข้าว จำกัด", "Bua Lai Rice Trading Co., Ltd."),
    ("ห้างหุ้นส่วนจำกัด พะไลวัสดุก่อสร้าง", "Phalai Construction Materials Ltd. Part."),
    ("บริษัท โคราชอะกริ จำกัด", "Korat Agri Co., Ltd."),
    ("ห้างหุ้นส่วนจำกัด หนองหว้าการเกษตร", "Nong Wa Agriculture Ltd. Part."),
)
_TRADES = ("ขายของชำ", "อาหารตามสั่ง", "ซ่อมรถจักรยานยนต์", "เสริมสวย", "วัสดุก่อสร้าง", "กาแฟ")
_CENT = Decimal("0.01")


@dataclass
class Register:
    """The generated register: one list of rows per table of parcels/register/orm.py."""

    parties: list[Row] = field(default_factory=list)
    rights: list[Row] = field(default_factory=list)
    land_use_pieces: list[Row] = field(default_factory=list)
    buildings: list[Row] = field(default_factory=list)
    building_use_pieces: list[Row] = field(default_factory=list)
    signs: list[Row] = field(default_factory=list)
    trades: list[Row] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Return each table as a DataFrame, keyed by table name."""
        return {name: pd.DataFrame(rows) for name, rows in vars(self).items()}


def sq_wah(area_m2: float) -> Decimal:
    """Return a parcel's area in square wah at 2 decimals, as the register keeps it."""
    return (Decimal(f"{area_m2:.4f}") / 4).quantize(_CENT, ROUND_HALF_UP)


def generate_register(parcels: pd.DataFrame, seed: int, today: date = date(2025, 6, 1)) -> Register:
    """Generate owners, rights, uses, buildings, signs and trades for every parcel."""
    return _Builder(np.random.default_rng(seed), today).run(parcels.reset_index(drop=True))


class _Builder:
    def __init__(self, rng: np.random.Generator, today: date) -> None:
        self.rng, self.today, self.reg = rng, today, Register()
        self.used_ids, self.house_no = set[str](), dict[int, int]()
        self.jur, self.landlords = list[int](), list[int]()  # party ids
        self.i, self.code, self.geom, self.village = 0, "", Polygon(), 1  # parcel being filled

    def pick(self, options: tuple[Any, ...], p: list[float] | None = None) -> Any:
        return options[int(self.rng.choice(len(options), p=p))]

    def draw(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high))

    def add(self, table: str, row: Row) -> int:
        rows: list[Row] = getattr(self.reg, table)
        rows.append({"id": len(rows), **row})
        return len(rows) - 1

    def thirteen(self, prefix: str) -> str:
        while True:
            body = prefix + "".join(str(self.draw(0, 10)) for _ in range(12 - len(prefix)))
            value = body + str(national_id_check_digit(body))
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def party(self, kind: str, name_th: str, name_en: str, **extra: Any) -> int:
        row = dict.fromkeys(_PARTY) | {"kind": kind, "name_th": name_th, "name_en": name_en}
        row |= {"owner_no": len(self.reg.parties) + 1, "moved_for_official_reasons": False}
        return self.add("parties", row | extra | {"search_key": party_search_key(name_th, name_en)})

    def person(self, village: int) -> int:
        female = bool(self.rng.random() < 0.5)
        first, first_en = self.pick(tuple(_WOMEN if female else _MEN)).split(":")
        last, last_en = self.pick(tuple(_SURNAMES)).split(":")
        titles = (("นาง", "Mrs."), ("นาง", "Mrs."), ("นางสาว", "Miss"))
        title, title_en = self.pick(titles) if female else ("นาย", "Mr.")
        house = f"{self.draw(1, 250)}{'/1' if self.rng.random() < 0.1 else ''}"
        address = f"{house} " + ADDRESS.format(v=village)
        phone = f"08{self.draw(0, 10)}-{self.draw(100, 1000)}-{self.draw(1000, 10000)}"
        nid = self.thirteen(self.pick(("1", "3", "3")) + "3030")
        names = {"title_th": title, "first_name_th": first, "last_name_th": last}
        names |= {"registered_address": address, "current_address": address}
        names |= {"national_id": nid, "phone": phone if self.rng.random() < 0.6 else None}
        name_en = f"{title_en} {first_en} {last_en}"
        return self.party("individual", f"{title}{first} {last}", name_en, **names)

    def right(self, party: int, obj: str, obj_id: int, share: tuple[int, int] = (1, 1)) -> Row:
        row = {"party_id": party, "kind": "owner"} | dict.fromkeys(_OBJECTS) | {obj: obj_id}
        row |= {"share_num": share[0], "share_den": share[1], "in_house_registration": False}
        return self.reg.rights[self.add("rights", row)]

    def land(self, parcel: int, category: str, area: Decimal, **extra: Any) -> None:
        row = {"parcel_id": parcel, "category": category, "ltax_code": LTAX[category]}
        row |= {"area_sq_wah": area, "how_used": "own", "crop": None, "vacant_since": None}
        self.add("land_use_pieces", row | {"exemption": None} | extra)

    def run(self, parcels: pd.DataFrame) -> Register:
        n = len(parcels)
        inside = parcels["in_village"].to_numpy(bool)
        area_m2 = parcels["area_m2"].to_numpy(float)
        villages = parcels["village_no"] if "village_no" in parcels else pd.Series([1] * n)
        # The temple and the school take the two largest village parcels (any parcels if none).
        order = np.argsort(-np.where(inside, area_m2, area_m2 - 1e12), kind="stable")
        special = {int(order[0]): ("religious", "วัดโพธิ์ศรีบัวลาย", "Wat Pho Si Bua Lai")}
        special[int(order[1 % n])] = ("state", "โรงเรียนบ้านบัวลาย", "Ban Bua Lai School")
        for th, en in _JURISTIC[: min(len(_JURISTIC), max(2, n // 100))]:
            self.jur.append(self.party("juristic", th, en, juristic_id=self.thirteen("03055")))
        for i in range(n):
            village = int(villages.iloc[i]) if pd.notna(villages.iloc[i]) else 1
            self.i, self.code, self.village = i, str(parcels["code"].iloc[i]), village
            self.geom, area = parcels["geometry"].iloc[i], sq_wah(area_m2[i])
            if i in special:
                kind, th, en = special[i]
                owner = self.party(kind, th, en, registered_address=ADDRESS.format(v=village))
                reason = EXEMPT_RELIGIOUS if kind == "religious" else EXEMPT_STATE
                self.land(i, "other", area, exemption=reason)
                self.right(owner, "parcel_id", i)
            else:
                self.parcel(area, bool(inside[i]))
        return self.reg

    def parcel(self, area: Decimal, inside: bool) -> None:
        i, village, u = self.i, self.village, float(self.rng.random())
        if inside:
            plans = ((0.55, "house"), (0.65, "house_let"), (0.8, "shop"), (0.88, "vacant"))
            plan = next((p for limit, p in plans if u < limit), "house_other")
        else:
            plan = "agri" if u < 0.86 else "vacant" if u < 0.92 else "farm"
        footprint = None
        if plan not in ("agri", "vacant"):
            houses = ((6.0, 8.0), (8.0, 10.0), (7.0, 9.0), (10.0, 12.0))
            footprint = self.place(*((4.0, 14.0) if plan == "shop" else self.pick(houses)))
            if footprint is None:
                plan = "vacant" if inside else "agri"
        lives_there = plan in ("house", "shop", "farm")
        if self.rng.random() < 0.04 and plan != "farm":
            primary, lives_there = self.pick(tuple(self.jur)), False
        elif not lives_there and self.landlords and self.rng.random() < 0.5:
            primary = self.pick(tuple(self.landlords))
        else:
            primary = self.person(village)
            self.landlords.append(primary)
        owners = [(primary, (1, 1))]
        if primary not in self.jur and self.rng.random() < 0.08:
            options = (((1, 2), (1, 2)), ((1, 3), (2, 3)), ((1, 3),) * 3, ((1, 2), (1, 4), (1, 4)))
            shares = self.pick(options)
            owners = [(primary, shares[0])] + [(self.person(village), s) for s in shares[1:]]
        res = "res_main" if lives_there else "res_other"
        floors = self.draw(2, 4) if plan == "shop" else 1 + int(self.rng.random() < 0.3)
        if plan == "agri":
            how = self.pick(("own", "let"), [0.85, 0.15])
            self.land(i, "agri", area, crop=self.pick(CROPS), how_used=how)
        elif plan == "vacant":
            self.land(i, "vacant", area, vacant_since=self.draw(2020, max(2021, self.today.year)))
        elif plan in ("shop", "farm"):
            # A shophouse's land follows its floors; a farm house keeps a tenth of the farm.
            part = (area * Decimal(str(1 / floors if plan == "shop" else 0.1))).quantize(_CENT)
            crop = {"crop": self.pick(CROPS)} if plan == "farm" else {}
            self.land(i, "other" if plan == "shop" else res, part)
            self.land(i, res if plan == "shop" else "agri", area - part, **crop)
        else:
            self.land(i, res, area, how_used="own" if plan == "house" else "let")
        for party, share in owners:
            right = self.right(party, "parcel_id", i, share)
            right["in_house_registration"] = lives_there and party == primary
        if footprint is not None:
            self.building(footprint, plan, floors, primary, res)

    def place(self, width: float, length: float) -> Polygon | None:
        centre = self.geom.representative_point()
        for scale in (1.0, 0.75, 0.5):
            w, h = width * scale / 2, length * scale / 2
            footprint = box(centre.x - w, centre.y - h, centre.x + w, centre.y + h)
            if self.geom.contains(footprint):
                return footprint
        return None

    def building(self, fp: Polygon, plan: str, floors: int, owner: int, res: str) -> None:
        village, shop = self.village, plan == "shop"
        home, use = res == "res_main", res
        if plan == "house_let":  # the occupant owns the house, not the land (res_bldg)
            owner, home, use = self.person(village), True, "res_bldg"
        minx, miny, maxx, maxy = fp.bounds
        width = Decimal(str(maxx - minx)).quantize(_CENT)
        length = Decimal(str(maxy - miny)).quantize(_CENT)
        per_floor = (width * length).quantize(_CENT)
        self.house_no[village] = self.house_no.get(village, 0) + self.draw(1, 4)
        row = dict.fromkeys(_BUILDING) | {"code": f"{self.code}-B1", "parcel_id": self.i}
        row |= {"house_no": str(self.house_no[village]), "village_no": village, "floors": floors}
        row["treasury_type"] = 201 if shop else 101
        classes = ("wood", "half_wood", "concrete")
        row["construction_class"] = "concrete" if shop else self.pick(classes, [0.3, 0.3, 0.4])
        row |= {"width_m": width, "length_m": length, "floor_area_m2": per_floor * floors}
        year = self.draw(1985 if shop else 1970, min(2025, self.today.year) + 1)
        b = self.add("buildings", row | {"year_completed": year, "footprint": MultiPolygon([fp])})
        # A shophouse trades on the ground floor and is lived in above.
        pieces = [("other", per_floor)] if shop else []
        pieces.append((use, per_floor * (floors - 1 if shop else floors)))
        for category, floor_area in pieces:
            piece = {"building_id": b, "category": category, "floor_area_m2": floor_area}
            piece |= {"ltax_code": LTAX[category], "exemption": None}
            self.add("building_use_pieces", piece)
        self.right(owner, "building_id", b)["in_house_registration"] = home
        if shop:
            self.trade(b, owner)

    def trade(self, b: int, operator: int) -> None:
        party, kind = self.reg.parties[operator], self.pick(_TRADES)
        name = f"ร้าน{kind} {party['first_name_th'] or party['name_th']}"
        start = date(self.today.year - 1, 1, 1) + timedelta(days=self.draw(0, 365))
        licence = f"{len(self.reg.trades) + 1}/{to_buddhist_year(start.year)}"
        row = {"parcel_id": self.i, "building_id": b, "operator_party_id": operator, "kind": kind}
        row |= {"business_name": name, "licence_no": licence, "licence_from": start}
        self.add("trades", row | {"licence_to": start + timedelta(days=364)})
        first = date(2010, 1, 1)
        for n in range(1, self.draw(1, 3) + 1):
            shown = first + timedelta(days=self.draw(0, (self.today - first).days + 1))
            sign = {"code": f"{self.code}-S{n}", "parcel_id": self.i, "business_name": name}
            sign |= {"sign_type": self.pick((1, 2, 3), [0.6, 0.3, 0.1]), "count": 1}
            sign |= {"moving": bool(self.rng.random() < 0.05), "faces": self.pick((1, 2))}
            sign["width_cm"] = Decimal(self.pick((80, 100, 120, 150, 200, 240, 300)))
            sign["height_cm"] = Decimal(self.pick((40, 50, 60, 80, 100, 120)))
            sign |= {"first_shown": shown, "position": self.point_in()}
            self.right(operator, "sign_id", self.add("signs", sign))

    def point_in(self) -> Point:
        minx, miny, maxx, maxy = self.geom.bounds
        for _ in range(30):
            point = Point(self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy))
            if self.geom.contains(point):
                return point
        return self.geom.representative_point()
