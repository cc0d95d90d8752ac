"""The ledger interchange schema (台账交换格式): industries, equipment and every field.

This module is the single description of what an enterprise row and a production-line row
may hold. Readers, writers, the Excel template, both evaluators and the web models all take
their field lists, types, units and Chinese labels from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"  # a non-negative real quantity in the field's unit
    INTEGER = "integer"  # a non-negative whole number
    BOOL = "bool"
    ENUM = "enum"
    DATE = "date"
    CREDIT_CODE = "credit_code"
    CITY = "city"


#: Default longest text of a TEXT field (characters).
TEXT_MAX_LENGTH = 200
#: Largest whole number an INTEGER field admits: a 32-bit database column holds it, and so does
#: a float exactly (the column-wise reader works in floats).
INTEGER_MAX = 2**31 - 1
#: Largest number a NUMBER field admits (1 万亿). Numbers are compared exactly in integer units
#: of 10⁻⁸ (core/exact.py); the engine holds those in Int128 columns, whose products (a sum of
#: an enterprise's lines times a threshold) would wrap silently past ~1.7e38. Bounding every
#: ledger number to 10¹² (10²⁰ units) keeps each product far inside that range, and keeps
#: the decimal reading within its 28 digits.
NUMBER_MAX = 10**12
#: Characters an identifier may hold besides letters and digits (no "/", no spaces: an
#: identifier appears in page addresses and file names).
IDENTIFIER_SEPARATORS = "-_."


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    unit: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = False
    equipment: tuple[str, ...] = ()  # empty: common to every line (or every enterprise)
    note: str = ""
    example: str = ""
    #: Longest text a TEXT field admits, in characters; the database column has the same
    #: length, so SQLite (which does not enforce it) and PostgreSQL (which does) agree.
    max_length: int = TEXT_MAX_LENGTH
    #: An identifier (line_id): only letters, digits and ``IDENTIFIER_SEPARATORS``.
    identifier: bool = False

    def choice_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def label_of(self, code: str) -> str:
        for c in self.choices:
            if c.code == code:
                return c.label
        return code


@dataclass(frozen=True, slots=True)
class Equipment:
    code: str
    label: str
    industry: str
    capacity_unit: str


@dataclass(frozen=True, slots=True)
class Industry:
    code: str
    label: str
    equipment: tuple[str, ...] = field(default=())


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(code, label) for code, label in pairs)


CITIES: tuple[str, ...] = (
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
)

INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "steel",
        "钢铁",
        (
            "blast_furnace",
            "bof",
            "eaf",
            "iron_melting",
            "induction_power_freq",
            "induction_medium_freq",
        ),
    ),
    Industry("refining", "地炼", ("cdu",)),
    Industry("coking", "焦化", ("coke_oven",)),
    Industry("coal_power", "煤电", ("coal_unit",)),
    Industry("cement", "水泥", ("clinker_line", "cement_mill")),
    Industry("tyre", "轮胎", ("tyre_line", "rubber_mixer", "vulcanizer")),
    Industry("coal_mine", "煤炭", ("coal_mine",)),
    Industry("chlor_alkali", "氯碱", ("caustic_unit",)),
    Industry("ammonia", "合成氨", ("ammonia_unit",)),
    Industry("pesticide", "化学农药原药", ("pesticide_unit",)),
    Industry("synthetic_material", "合成材料", ("resin_unit",)),
)

EQUIPMENT: tuple[Equipment, ...] = (
    Equipment("blast_furnace", "炼铁高炉", "steel", "万吨铁/年"),
    Equipment("bof", "炼钢转炉", "steel", "万吨钢/年"),
    Equipment("eaf", "炼钢电炉", "steel", "万吨钢/年"),
    Equipment("iron_melting", "化铁炼钢炉", "steel", "万吨钢/年"),
    Equipment("induction_power_freq", "工频感应炉", "steel", "万吨钢/年"),
    Equipment("induction_medium_freq", "中频感应炉", "steel", "万吨钢/年"),
    Equipment("cdu", "常减压装置", "refining", "万吨/年"),
    Equipment("coke_oven", "焦炉", "coking", "万吨焦/年"),
    Equipment("coal_unit", "燃煤发电机组", "coal_power", "万千瓦"),
    Equipment("clinker_line", "水泥熟料生产线", "cement", "吨/日"),
    Equipment("cement_mill", "水泥磨机", "cement", "万吨/年"),
    Equipment("tyre_line", "轮胎生产线", "tyre", "万条/年"),
    Equipment("rubber_mixer", "炼胶机", "tyre", ""),
    Equipment("vulcanizer", "硫化设备", "tyre", ""),
    Equipment("coal_mine", "煤矿", "coal_mine", "万吨/年"),
    Equipment("caustic_unit", "烧碱装置", "chlor_alkali", "万吨/年"),
    Equipment("ammonia_unit", "合成氨装置", "ammonia", "万吨/年"),
    Equipment("pesticide_unit", "农药原药装置", "pesticide", "吨/年"),
    Equipment("resin_unit", "合成材料装置", "synthetic_material", "万吨/年"),
)

INDUSTRY_BY_CODE: dict[str, Industry] = {i.code: i for i in INDUSTRIES}
EQUIPMENT_BY_CODE: dict[str, Equipment] = {e.code: e for e in EQUIPMENT}

PASS_FAIL = _choices(("pass", "达标"), ("fail", "不达标"))
STEEL_EQUIPMENT = INDUSTRY_BY_CODE["steel"].equipment

ENTERPRISE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "credit_code",
        "统一社会信用代码",
        Kind.CREDIT_CODE,
        required=True,
        note="18 位，校验码符合 GB 32100-2015",
        example="91370100MA3C4D5E6Q",
    ),
    FieldSpec("name", "企业名称", Kind.TEXT, required=True, example="济南某某钢铁有限公司"),
    FieldSpec(
        "city",
        "所在市",
        Kind.CITY,
        required=True,
        note="全省 16 市之一，可带“市”字",
        example="淄博",
    ),
    FieldSpec(
        "county",
        "县（市、区）",
        Kind.TEXT,
        max_length=20,
        note="济南市莱芜区、钢城区涉及钢铁任务",
        example="张店区",
    ),
    FieldSpec(
        "industry",
        "行业",
        Kind.ENUM,
        required=True,
        choices=tuple(Choice(i.code, i.label) for i in INDUSTRIES),
        example="钢铁",
    ),
    FieldSpec("year", "数据年度", Kind.INTEGER, note="以下经营数据所属年度", example="2020"),
    FieldSpec("land_area_mu", "用地面积", Kind.NUMBER, unit="亩", example="850"),
    FieldSpec("tax_10k_yuan", "实缴税金", Kind.NUMBER, unit="万元", example="2300"),
    FieldSpec("energy_tce", "综合能源消费量", Kind.NUMBER, unit="吨标准煤", example="120000"),
    FieldSpec("employees", "年平均从业人员", Kind.INTEGER, unit="人", example="1200"),
    FieldSpec(
        "revenue_10k_yuan",
        "主营业务收入（煤电为销售收入）",
        Kind.NUMBER,
        unit="万元",
        example="210000",
    ),
    FieldSpec(
        "value_added_10k_yuan",
        "工业增加值",
        Kind.NUMBER,
        unit="万元",
        example="9000",
        note="全员劳动生产率 = 工业增加值 ÷ 年平均从业人员",
    ),
    FieldSpec(
        "so2_t", "二氧化硫排放量", Kind.NUMBER, unit="吨", note="煤电效益标准", example="300"
    ),
    FieldSpec(
        "loss_years",
        "连续亏损年数",
        Kind.INTEGER,
        unit="年",
        note="煤矿；只有一处煤矿的企业可在此填写，多矿企业请在生产线表逐矿填写",
        example="0",
    ),
    FieldSpec(
        "turnaround_hopeless",
        "扭亏无望",
        Kind.BOOL,
        note="煤矿；主管部门认定；多矿企业请在生产线表逐矿填写",
        example="否",
    ),
    FieldSpec("in_chemical_park", "位于化工园区或重点监控点", Kind.BOOL, note="化工", example="是"),
    FieldSpec(
        "permits_unfixable",
        "手续不齐备且无法完善",
        Kind.BOOL,
        note="化工（二(三)8）；主管部门认定，未认定的留空",
        example="否",
    ),
    FieldSpec("independent_coking", "独立焦化企业", Kind.BOOL, note="焦化", example="是"),
    FieldSpec(
        "plant_coking_capacity_10kt",
        "单独厂区焦化产能",
        Kind.NUMBER,
        unit="万吨/年",
        note="焦化",
        example="120",
    ),
    FieldSpec(
        "in_steel_layout",
        "符合全省钢铁产业发展规划布局",
        Kind.BOOL,
        note="钢铁省定技术标准",
        example="是",
    ),
    FieldSpec(
        "electricity_kwh",
        "年用电量",
        Kind.NUMBER,
        unit="千瓦时",
        note="价格政策",
        example="350000000",
    ),
    FieldSpec(
        "water_m3", "年用水量", Kind.NUMBER, unit="立方米", note="价格政策", example="1200000"
    ),
    FieldSpec(
        "water_quota_m3", "用水定额", Kind.NUMBER, unit="立方米", note="价格政策", example="1000000"
    ),
)

_STEAM = _choices(
    ("mid_or_below", "中温中压及以下"),
    ("sub_high", "次高温次高压"),
    ("high", "高温高压"),
    ("ultra_high", "超高压"),
    ("subcritical", "亚临界"),
    ("supercritical", "超临界"),
    ("ultra_supercritical", "超超临界"),
)

LINE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "line_id",
        "生产线编号",
        Kind.TEXT,
        required=True,
        note="全省唯一；只含字母、数字和 - _ .，不超过 64 个字符",
        max_length=64,
        identifier=True,
        example="SD-370302-BF-01",
    ),
    FieldSpec(
        "credit_code",
        "统一社会信用代码",
        Kind.CREDIT_CODE,
        required=True,
        note="须为企业表中的企业",
        example="91370100MA3C4D5E6Q",
    ),
    FieldSpec(
        "equipment",
        "装置类型",
        Kind.ENUM,
        required=True,
        choices=tuple(Choice(e.code, e.label) for e in EQUIPMENT),
        note="须属于企业所在行业",
        example="炼铁高炉",
    ),
    FieldSpec(
        "status",
        "运行状态",
        Kind.ENUM,
        choices=_choices(
            ("operating", "在产"), ("idle", "停产"), ("rectifying", "整改中"), ("exited", "已退出")
        ),
        note="空白视为在产",
        example="在产",
    ),
    FieldSpec("capacity", "产能", Kind.NUMBER, note="单位随装置类型，见装置说明", example="120"),
    FieldSpec(
        "env_status",
        "环保标准达标情况",
        Kind.ENUM,
        choices=PASS_FAIL,
        note="生态环境部门认定；空白为未知",
        example="达标",
    ),
    FieldSpec(
        "safety_status",
        "安全标准达标情况",
        Kind.ENUM,
        choices=PASS_FAIL,
        note="应急管理部门认定；空白为未知",
        example="达标",
    ),
    FieldSpec(
        "energy_status",
        "能耗标准达标情况",
        Kind.ENUM,
        choices=PASS_FAIL,
        note="节能主管部门认定；规则库载有限额值时可由单位产品综合能耗判定",
        example="达标",
    ),
    FieldSpec(
        "unit_energy", "单位产品综合能耗", Kind.NUMBER, unit="千克标准煤/单位产品", example="380"
    ),
    FieldSpec(
        "upgrade_hopeless", "提升无望", Kind.BOOL, note="整改后仍不达标，主管部门认定", example="否"
    ),
    FieldSpec(
        "exit_method",
        "退出方式",
        Kind.ENUM,
        choices=_choices(
            ("transfer", "转移"), ("reduce", "压减"), ("integrate", "整合"), ("close", "关停")
        ),
        example="关停",
    ),
    FieldSpec("exit_deadline", "退出时限", Kind.DATE, example="2022-12-31"),
    FieldSpec(
        "exited_on",
        "实际退出日期",
        Kind.DATE,
        note="退出经核实后填写，运行状态为已退出",
        example="2022-06-30",
    ),
    FieldSpec("responsible_unit", "责任单位", Kind.TEXT, example="某某市工业和信息化局"),
    FieldSpec("responsible_person", "责任人", Kind.TEXT, example="张三"),
    # Equipment-specific attributes.
    FieldSpec(
        "volume_m3",
        "有效容积",
        Kind.NUMBER,
        unit="立方米",
        equipment=("blast_furnace",),
        example="1080",
    ),
    FieldSpec(
        "nominal_t", "公称容量", Kind.NUMBER, unit="吨", equipment=("bof", "eaf"), example="120"
    ),
    FieldSpec(
        "melts_scrap",
        "用于熔化废钢",
        Kind.BOOL,
        equipment=("induction_power_freq", "induction_medium_freq"),
        example="否",
    ),
    FieldSpec("integrated", "实现炼化一体化", Kind.BOOL, equipment=("cdu",), example="否"),
    FieldSpec(
        "in_dense_urban_area",
        "位于城市人口密集区",
        Kind.BOOL,
        equipment=("cdu",),
        note="二(三)2 分批整合转移",
        example="否",
    ),
    FieldSpec(
        "yulong_consolidation",
        "参与裕龙岛炼化一体化项目（一期）整合",
        Kind.BOOL,
        equipment=("cdu",),
        example="否",
    ),
    FieldSpec(
        "oven_type",
        "焦炉炉型",
        Kind.ENUM,
        equipment=("coke_oven",),
        choices=_choices(
            ("top_charged", "顶装"),
            ("stamp_charged", "捣固"),
            ("heat_recovery", "热回收"),
            ("indigenous", "土法（含改良焦炉）"),
        ),
        example="顶装",
    ),
    FieldSpec(
        "chamber_height_m",
        "炭化室高度",
        Kind.NUMBER,
        unit="米",
        equipment=("coke_oven",),
        example="6",
    ),
    FieldSpec(
        "unit_mw", "单机容量", Kind.NUMBER, unit="兆瓦", equipment=("coal_unit",), example="350"
    ),
    FieldSpec(
        "steam_class",
        "蒸汽参数",
        Kind.ENUM,
        equipment=("coal_unit",),
        choices=_STEAM,
        example="超临界",
    ),
    FieldSpec(
        "coal_g_kwh",
        "年平均供电煤耗",
        Kind.NUMBER,
        unit="克/千瓦时",
        equipment=("coal_unit",),
        example="298",
    ),
    FieldSpec("ultra_low", "达到超低排放", Kind.BOOL, equipment=("coal_unit",), example="是"),
    FieldSpec(
        "comprehensive_utilization",
        "综合利用机组",
        Kind.BOOL,
        equipment=("coal_unit",),
        example="否",
    ),
    FieldSpec(
        "unit_type",
        "机组类型",
        Kind.ENUM,
        equipment=("coal_unit",),
        choices=_choices(("condensing", "纯凝"), ("extraction", "抽凝"), ("back_pressure", "背压")),
        example="抽凝",
    ),
    FieldSpec(
        "heat_irreplaceable", "热力无法接续", Kind.BOOL, equipment=("coal_unit",), example="否"
    ),
    FieldSpec("plant_id", "所属热电厂", Kind.TEXT, equipment=("coal_unit",), example="HP-001"),
    FieldSpec(
        "kiln_type",
        "窑型",
        Kind.ENUM,
        equipment=("clinker_line",),
        choices=_choices(
            ("nsp", "新型干法"),
            ("dry_hollow", "干法中空窑"),
            ("shaft", "机立窑"),
            ("lepol", "立波尔窑"),
            ("wet", "湿法窑"),
        ),
        example="新型干法",
    ),
    FieldSpec(
        "special_cement",
        "特种水泥熟料",
        Kind.BOOL,
        equipment=("clinker_line", "cement_mill"),
        note="水泥磨机：粉磨特种水泥",
        example="否",
    ),
    FieldSpec(
        "chemical_supporting", "化工配套", Kind.BOOL, equipment=("clinker_line",), example="否"
    ),
    FieldSpec(
        "diameter_m", "磨机直径", Kind.NUMBER, unit="米", equipment=("cement_mill",), example="4.2"
    ),
    FieldSpec(
        "tyre_type",
        "轮胎类型",
        Kind.ENUM,
        equipment=("tyre_line",),
        choices=_choices(
            ("bias", "斜交胎"),
            ("all_steel_radial", "全钢子午胎"),
            ("semi_steel_radial", "半钢子午胎"),
        ),
        example="半钢子午胎",
    ),
    FieldSpec(
        "cotton_cord", "以天然棉帘子布为骨架", Kind.BOOL, equipment=("tyre_line",), example="否"
    ),
    FieldSpec(
        "specialty",
        "特种轮胎类别",
        Kind.ENUM,
        equipment=("tyre_line",),
        choices=_choices(
            ("engineering", "工程轮胎"),
            ("aviation", "航空轮胎"),
            ("wide_base_tubeless", "宽断面无内胎"),
            ("run_flat", "缺气保用"),
            ("racing", "赛车胎高端产品"),
            ("ultra_low_profile", "超低断面"),
            ("ordinary", "普通"),
        ),
        example="普通",
    ),
    FieldSpec(
        "closed_auto_feed", "密闭式自动投料", Kind.BOOL, equipment=("rubber_mixer",), example="是"
    ),
    FieldSpec("nitrogen_process", "充氮工艺", Kind.BOOL, equipment=("vulcanizer",), example="是"),
    FieldSpec("depth_m", "采深", Kind.NUMBER, unit="米", equipment=("coal_mine",), example="850"),
    FieldSpec("rock_burst", "冲击地压", Kind.BOOL, equipment=("coal_mine",), example="否"),
    FieldSpec(
        "mine_loss_years",
        "矿井连续亏损年数",
        Kind.INTEGER,
        unit="年",
        equipment=("coal_mine",),
        note="逐矿填写；空白且企业只有一处煤矿时取企业表的“连续亏损年数”",
        example="0",
    ),
    FieldSpec(
        "mine_turnaround_hopeless",
        "矿井扭亏无望",
        Kind.BOOL,
        equipment=("coal_mine",),
        note="主管部门认定；空白且企业只有一处煤矿时取企业表的“扭亏无望”",
        example="否",
    ),
    FieldSpec(
        "safety_grade",
        "安全生产标准化管理体系等级",
        Kind.ENUM,
        equipment=("coal_mine",),
        choices=_choices(("1", "一级"), ("2", "二级"), ("3", "三级"), ("none", "未达标")),
        example="二级",
    ),
    FieldSpec(
        "license_conditions_met",
        "具备安全生产许可证规定条件",
        Kind.BOOL,
        equipment=("coal_mine",),
        example="是",
    ),
    FieldSpec(
        "process",
        "工艺",
        Kind.ENUM,
        equipment=("caustic_unit", "ammonia_unit", "pesticide_unit", "resin_unit"),
        choices=_choices(
            ("diaphragm", "隔膜法"),
            ("mercury", "汞法（含汞化合物）"),
            ("membrane", "离子膜法"),
            ("semi_water_gas_liquid_desulfurization", "半水煤气氨水液相脱硫"),
            ("ng_atmospheric_intermittent", "天然气常压间歇转化"),
            ("paraquat_sodium", "钠法百草枯"),
            ("dichlorvos_alkali", "敌百虫碱法敌敌畏"),
            ("manual_small_pack", "小包装（1公斤及以下）手工包（灌）装"),
            ("pvc_high_mercury", "高汞催化剂（乙炔法聚氯乙烯）"),
            ("high_mercury_catalyst", "高汞催化剂生产"),
            ("coating_resin_direct_fire", "用火直接加热的涂料用树脂"),
            ("ccl4_chlorinated_rubber", "四氯化碳溶剂法氯化橡胶"),
            ("other", "其他"),
        ),
        example="离子膜法",
    ),
    FieldSpec("waste_salt", "废盐综合利用", Kind.BOOL, equipment=("caustic_unit",), example="否"),
    FieldSpec(
        "membrane_gap_done", "完成膜极距改造", Kind.BOOL, equipment=("caustic_unit",), example="是"
    ),
)

#: Which values of ``process`` belong to which equipment.
PROCESS_BY_EQUIPMENT: dict[str, tuple[str, ...]] = {
    "caustic_unit": ("diaphragm", "mercury", "membrane"),
    "ammonia_unit": (
        "semi_water_gas_liquid_desulfurization",
        "ng_atmospheric_intermittent",
        "other",
    ),
    "pesticide_unit": ("paraquat_sodium", "dichlorvos_alkali", "manual_small_pack", "other"),
    "resin_unit": (
        "pvc_high_mercury",
        "high_mercury_catalyst",
        "coating_resin_direct_fire",
        "ccl4_chlorinated_rubber",
        "other",
    ),
}

ENTERPRISE_FIELD_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in ENTERPRISE_FIELDS}
LINE_FIELD_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in LINE_FIELDS}

ENTERPRISE_SHEETS = ("enterprises", "企业")
LINE_SHEETS = ("lines", "生产线")


def normalise_city(text: str) -> str | None:
    """Return the city's short name for ``淄博`` or ``淄博市``; None when it is not one of 16."""
    name = text.strip()
    if name.endswith("市"):
        name = name[:-1]
    return name if name in CITIES else None


def equipment_fields(equipment: str) -> tuple[FieldSpec, ...]:
    """The attributes a line of this equipment may carry beyond the common ones."""
    return tuple(f for f in LINE_FIELDS if equipment in f.equipment)
