"""The assessment engine: the whole rulebook over a whole ledger, column-wise in Polars.

Lines are split by equipment; each partition evaluates only the rules that apply to it, as
Polars expressions. Polars' Boolean ``&`` and ``|`` follow three-valued (Kleene) logic with
null as unknown, which is exactly how the rulebook reads its conditions, so a rule is a
direct translation of its data. The result is kept columnar (:class:`EngineResult`): a
findings table of (line, rule, result) codes and outcome tables; :meth:`EngineResult.to_assessment`
turns it into the same Python objects the reference evaluator returns.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import IO, Any, cast

import orjson
import polars as pl

from resolute.core import cities, exact, schema
from resolute.core.assessment import (
    ELIMINATING,
    OUTCOME_CODE,
    OUTCOMES,
    RECTIFIABLE,
    RESULT_CODE,
    RESULTS,
    Assessment,
    EnterpriseVerdict,
    Finding,
    LineVerdict,
    finding_json,
    measure_threshold,
)
from resolute.core.ledger import Ledger
from resolute.core.rulebook import AllOf, Condition, Leaf, Rule, Rulebook, leaves
from resolute.core.schema import Kind

FAIL, UNKNOWN, PASS, EXEMPT = (
    pl.lit(RESULT_CODE[r], pl.UInt8) for r in ("fail", "unknown", "pass", "exempt")
)
_COMPLETE = "__complete__"  # suffix of an aggregate's completeness column
_UNITS = "__units__"  # suffix of an aggregate's exact sum (Int128 units of 10⁻⁸)
_NUM, _DEN = "__num__", "__den__"  # suffixes of a figure's exact numerator and divisor


def _leaf(leaf: Leaf, book: Rulebook) -> pl.Expr:
    col = pl.col(leaf.field)
    if leaf.blank is not None:
        col = col.fill_null(pl.lit(leaf.blank))
    value = leaf.value
    if leaf.op == "in":
        expr = col.is_in(list(cast(tuple[str, ...], value)))
        return pl.when(col.is_null()).then(None).otherwise(expr)
    if leaf.field in book.figures:
        # A computed ratio: decided exactly on the numbers as written (see core/exact.py).
        assert isinstance(value, int | float)
        return exact.ratio_expr(
            leaf.op, pl.col(leaf.field + _NUM), pl.col(leaf.field + _DEN), value
        )
    if leaf.field in book.aggregates:
        # The sum is a lower bound unless complete: "below" is only certain when complete.
        assert isinstance(value, int | float)
        expr = exact.units_compare_expr(leaf.op, pl.col(leaf.field + _UNITS), value)
        complete = pl.col(leaf.field + _COMPLETE)
        return pl.when(complete | ~expr).then(expr).otherwise(None)
    ops = {
        "eq": col.__eq__,
        "ne": col.__ne__,
        "lt": col.__lt__,
        "le": col.__le__,
        "gt": col.__gt__,
        "ge": col.__ge__,
    }
    return ops[leaf.op](pl.lit(value))


def condition(cond: Condition, book: Rulebook) -> pl.Expr:
    """A rulebook condition as a nullable Boolean expression (null = unknown)."""
    if isinstance(cond, Leaf):
        return _leaf(cond, book)
    parts = [condition(c, book) for c in (cond.all if isinstance(cond, AllOf) else cond.any)]
    return pl.all_horizontal(parts) if isinstance(cond, AllOf) else pl.any_horizontal(parts)


def result_expr(rule: Rule, book: Rulebook, equipment: str | None) -> pl.Expr:
    """The rule's result code for each row (see ``assessment.RESULTS``)."""
    if rule.determination is not None:
        status = pl.col(rule.determination)
        expr = pl.when(status == "fail").then(FAIL).when(status == "pass").then(PASS)
        limit = measure_threshold(rule, equipment)
        if isinstance(limit, int | float):
            energy = pl.col("unit_energy")
            expr = expr.when(energy > limit).then(FAIL).when(energy <= limit).then(PASS)
        return expr.otherwise(UNKNOWN)
    fails = condition(cast(Condition, rule.fails_if), book)
    if rule.exempt_if is None:
        return pl.when(fails).then(FAIL).when(~fails).then(PASS).otherwise(UNKNOWN)
    exempt = condition(rule.exempt_if, book)
    return (
        pl.when(exempt)
        .then(EXEMPT)
        .when(~fails)
        .then(PASS)
        .when(fails & ~exempt)
        .then(FAIL)
        .otherwise(UNKNOWN)
    )


def _any(exprs: list[pl.Expr]) -> pl.Expr:
    return pl.any_horizontal(exprs) if exprs else pl.lit(False)


def _failed(rules: list[tuple[int, Rule]], pred: Any) -> list[pl.Expr]:
    return [pl.col(f"r{i}") == FAIL for i, r in rules if pred(r)]


def _excused(i: int) -> str:
    return f"x{i}"


def retrofit_exprs(i: int, rule: Rule, book: Rulebook) -> list[pl.Expr]:
    """For a rule with a retrofit: whether its failure is met by retrofit (``x{i}``) and the
    retrofit named (``m{i}``)."""
    retrofit = rule.retrofit
    assert retrofit is not None
    excused = (pl.col(f"r{i}") == FAIL) & condition(retrofit.when, book).fill_null(False)
    parts = [
        pl.when(condition(m.when, book).fill_null(False) if m.when else pl.lit(True))
        .then(pl.lit(m.action))
        .otherwise(None)
        for m in retrofit.measures
    ]
    text = pl.concat_str(parts, separator="；", ignore_nulls=True) if parts else pl.lit("")
    named = pl.when(text == "").then(pl.lit(retrofit.otherwise)).otherwise(text)
    return [
        excused.alias(_excused(i)),
        pl.when(excused).then(named).otherwise(None).cast(pl.String).alias(f"m{i}"),
    ]


def _retrofit_inputs(rules: list[tuple[int, Rule]], book: Rulebook) -> list[str]:
    """The fields the retrofit conditions of ``rules`` read (kept in the partition)."""
    names: list[str] = []
    for _, r in rules:
        if r.retrofit is not None:
            for cond in (r.retrofit.when, *(m.when for m in r.retrofit.measures)):
                names += [leaf.field for leaf in leaves(cond)]
    fixed = ("_l", "_e", "status", "upgrade_hopeless")
    return [n for n in dict.fromkeys(names) if n not in fixed]


def _line_outcome(rules: list[tuple[int, Rule]]) -> list[pl.Expr]:
    def failed(i: int, r: Rule) -> pl.Expr:
        fail = pl.col(f"r{i}") == FAIL
        return fail & ~pl.col(_excused(i)) if r.retrofit is not None else fail

    def excused(i: int, r: Rule) -> pl.Expr:
        return pl.col(_excused(i)) if r.retrofit is not None else pl.lit(False)

    tech_rules = [(i, r) for i, r in rules if r.standard in ELIMINATING]
    other_rules = [(i, r) for i, r in rules if r.standard in RECTIFIABLE]
    tech_nat = _any([failed(i, r) for i, r in tech_rules if r.basis == "national"])
    tech = _any([failed(i, r) for i, r in tech_rules])
    other_nat = _any(
        [pl.col(f"r{i}") == FAIL for i, r in other_rules if r.basis == "national"]
        + [excused(i, r) for i, r in tech_rules if r.basis == "national"]
    )
    other = _any(
        [pl.col(f"r{i}") == FAIL for i, _ in other_rules] + [excused(i, r) for i, r in tech_rules]
    )
    unknown = _any([pl.col(f"r{i}") == UNKNOWN for i, _ in rules])
    hopeless = pl.col("upgrade_hopeless").fill_null(False)
    code = OUTCOME_CODE
    outcome = (
        pl.when(tech | (other & hopeless))
        .then(code["eliminate"])
        .when(other)
        .then(code["rectify"])
        .when(unknown)
        .then(code["insufficient_data"])
        .otherwise(code["compliant"])
        .cast(pl.UInt8)
    )
    national = pl.when(tech).then(tech_nat).otherwise(other_nat)
    return [outcome.alias("outcome"), national.alias("national")]


@dataclass(frozen=True)
class EngineResult:
    """Columnar assessment. ``findings``: line_idx, rule_idx, result (codes of RESULTS);
    ``line_outcomes``: line_idx, outcome (codes of OUTCOMES), national; ``enterprise_outcomes``
    and ``enterprise_findings`` likewise by ent_idx. ``frame`` holds each line with its
    enterprise's fields and derived figures, for values."""

    book: Rulebook
    ledger: Ledger
    frame: pl.DataFrame
    enterprise_frame: pl.DataFrame
    findings: pl.DataFrame
    line_outcomes: pl.DataFrame
    enterprise_findings: pl.DataFrame
    enterprise_outcomes: pl.DataFrame
    #: line_idx, rule_idx, retrofit: failures the plan lets the unit meet by retrofit.
    retrofits: pl.DataFrame

    def to_assessment(self) -> Assessment:
        """The result as :class:`Assessment` objects, built when first read."""
        return _ColumnarAssessment(self)

    def line_verdicts(self) -> tuple[LineVerdict, ...]:
        frame = self.frame.sort("_l")
        findings = self._findings_long(frame)
        objects = _finding_objects(findings, frame, "_l", self.book)
        outcomes = self.line_outcomes.sort("_l")
        bounds = _bounds(findings["_l"], frame.height)
        verdicts = zip(
            frame["line_id"].to_list(),
            frame["credit_code"].to_list(),
            frame["industry"].to_list(),
            frame["equipment"].to_list(),
            frame["status"].to_list(),
            outcomes["outcome"].to_list(),
            outcomes["national"].to_list(),
            itertools.pairwise(bounds),
            strict=True,
        )
        return tuple(
            LineVerdict(
                line_id,
                code,
                industry,
                eq,
                status or "operating",
                OUTCOMES[outcome],
                _basis(OUTCOMES[outcome], national),
                tuple(objects[a:b]),
            )
            for line_id, code, industry, eq, status, outcome, national, (a, b) in verdicts
        )

    def enterprise_verdicts(self) -> tuple[EnterpriseVerdict, ...]:
        ents = self.enterprise_frame.sort("_e")
        findings = self._enterprise_findings_long()
        objects = _finding_objects(findings, ents, "_e", self.book)
        outcomes = self.enterprise_outcomes.sort("_e")
        bounds = _bounds(findings["_e"], ents.height)
        verdicts = zip(
            ents["credit_code"].to_list(),
            ents["name"].to_list(),
            ents["city"].to_list(),
            ents["county"].to_list(),
            ents["industry"].to_list(),
            outcomes["outcome"].to_list(),
            outcomes["national"].to_list(),
            itertools.pairwise(bounds),
            strict=True,
        )
        return tuple(
            EnterpriseVerdict(
                code,
                name,
                city,
                county,
                industry,
                OUTCOMES[outcome],
                _basis(OUTCOMES[outcome], national),
                tuple(objects[a:b]),
            )
            for code, name, city, county, industry, outcome, national, (a, b) in verdicts
        )

    def _findings_long(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Line findings in (line, rule) order with the line's equipment and the retrofit
        named; ``frame`` is :attr:`frame` in line order."""
        findings = self.findings.sort(["_l", "rule_idx"])
        findings = findings.with_columns(equipment=frame["equipment"].gather(findings["_l"]))
        if self.retrofits.height:
            findings = findings.join(self.retrofits, on=["_l", "rule_idx"], how="left")
        else:
            findings = findings.with_columns(retrofit=pl.lit(None, pl.String))
        return findings

    def _enterprise_findings_long(self) -> pl.DataFrame:
        return self.enterprise_findings.sort(["_e", "rule_idx"]).with_columns(
            equipment=pl.lit(None, pl.String), retrofit=pl.lit(None, pl.String)
        )

    def write_json(self, fh: IO[bytes]) -> None:
        """``Assessment.write_json`` of this result, written from the tables: the same bytes,
        without a Python object per finding, a slice of lines at a time."""
        book = self.book
        frame = self.frame.sort("_l")
        ents = self.enterprise_frame.sort("_e")
        line_outcomes = self.line_outcomes.sort("_l")
        ent_outcomes = self.enterprise_outcomes.sort("_e")
        head = {
            "rulebook_version": book.full_version,
            "summary": {
                "lines": frame.height,
                "enterprises": ents.height,
                "enterprise_outcomes": _counts(ent_outcomes["outcome"]),
                "line_outcomes": _counts(line_outcomes["outcome"]),
            },
            "lines": _LINES,
            "enterprises": _ENTERPRISES,
        }
        text = orjson.dumps(head, default=str, option=orjson.OPT_INDENT_2)
        before, rest = text.split(orjson.dumps(_LINES))
        middle, after = rest.split(orjson.dumps(_ENTERPRISES))
        status = pl.col("status").cast(pl.String)
        line_heads = frame.select(
            "line_id",
            "credit_code",
            "industry",
            pl.col("equipment").cast(pl.String),
            pl.when(status.is_null() | (status == ""))
            .then(pl.lit("operating"))
            .otherwise(status)
            .alias("status"),
            *_outcome_columns(line_outcomes),
        )
        ent_heads = ents.select(
            "credit_code", "name", "city", "county", "industry", *_outcome_columns(ent_outcomes)
        )
        templates = _Templates(book)
        line_texts = {name: _json_texts(line_heads[name]) for name in line_heads.columns}
        findings = self._findings_long(frame)
        starts = _bounds(findings["_l"], frame.height)
        line_values = _ValueTexts(frame)
        fh.write(before)
        _write_array(
            fh,
            frame.height,
            _LINE_CHUNK,
            lambda a, b: _line_objects(
                line_texts, findings.slice(starts[a], starts[b] - starts[a]), line_values, templates
            ),
        )
        ent_texts = {name: _json_texts(ent_heads[name]) for name in ent_heads.columns}
        ent_findings = self._enterprise_findings_long()
        ent_starts = _bounds(ent_findings["_e"], ents.height)
        ent_values = _ValueTexts(ents)
        fh.write(middle)
        _write_array(
            fh,
            ents.height,
            _ENT_CHUNK,
            lambda a, b: _enterprise_objects(
                ent_texts,
                ent_findings.slice(ent_starts[a], ent_starts[b] - ent_starts[a]),
                range(a, b),
                ent_values,
                templates,
            ),
        )
        fh.write(after)


class _ColumnarAssessment(Assessment):
    """An :class:`Assessment` over an :class:`EngineResult`: the verdict objects are built on
    first read, and the JSON is written from the tables."""

    def __init__(self, result: EngineResult) -> None:
        object.__setattr__(self, "rulebook_version", result.book.full_version)
        object.__setattr__(self, "result", result)

    result: EngineResult

    @functools.cached_property
    def lines(self) -> tuple[LineVerdict, ...]:
        return self.result.line_verdicts()

    @functools.cached_property
    def enterprises(self) -> tuple[EnterpriseVerdict, ...]:
        return self.result.enterprise_verdicts()

    def outcome_counts(self) -> dict[str, int]:
        return _counts(self.result.enterprise_outcomes.sort("_e")["outcome"])

    def line_outcome_counts(self) -> dict[str, int]:
        return _counts(self.result.line_outcomes.sort("_l")["outcome"])

    def write_json(self, fh: IO[bytes], book: Rulebook) -> None:
        if book is not self.result.book:
            super().write_json(fh, book)
        else:
            self.result.write_json(fh)


def _counts(codes: pl.Series) -> dict[str, int]:
    """Outcomes counted in the order they first occur (as ``Counter`` over the verdicts)."""
    return dict(Counter(OUTCOMES[c] for c in codes.to_list()))


def _bounds(owners: pl.Series, count: int) -> list[int]:
    """Where each owner's findings start in ``owners`` (sorted), and the end."""
    starts = owners.search_sorted(pl.Series(range(count + 1), dtype=owners.dtype), side="left")
    return starts.to_list()


def _outcome_columns(outcomes: pl.DataFrame) -> list[pl.Series]:
    names = pl.Series(OUTCOMES)
    outcome = outcomes["outcome"]
    national = outcomes["national"].fill_null(False)
    named = names.gather(outcome).alias("outcome")
    decided = outcome.is_in([OUTCOME_CODE["eliminate"], OUTCOME_CODE["rectify"]])
    basis = (
        pl.select(
            pl.when(pl.lit(decided))
            .then(
                pl.when(pl.lit(national)).then(pl.lit("national")).otherwise(pl.lit("provincial"))
            )
            .otherwise(None)
        )
        .to_series()
        .alias("basis")
    )
    return [named, basis]


def _value_source(rule: Rule, equipment: str | None) -> tuple[str, str | None]:
    """The column a finding of ``rule`` reports, and the one it reports instead when that is
    blank: a determination with a limit value for the equipment reports ``unit_energy``."""
    if rule.determination is not None:
        limited = measure_threshold(rule, equipment) is not None
        return rule.determination, "unit_energy" if limited else None
    measure = rule.measure
    assert measure is not None
    return measure.field, None


def _finding_objects(
    findings: pl.DataFrame, source: pl.DataFrame, owner: str, book: Rulebook
) -> list[Finding]:
    """A :class:`Finding` for each row of ``findings`` (owner, rule_idx, result, equipment,
    retrofit), in its order; values come from ``source``, whose row n is owner n."""
    out: list[Finding | None] = [None] * findings.height
    columns: dict[str, list[Any]] = {}

    def column(name: str) -> list[Any]:
        if name not in columns:
            columns[name] = (
                source[name].to_list() if name in source.columns else [None] * source.height
            )
        return columns[name]

    rules = book.rules
    indexed = findings.with_row_index("_pos")
    for (r_idx, eq), group in indexed.partition_by(
        ["rule_idx", "equipment"], as_dict=True, include_key=False
    ).items():
        rule = rules[cast(int, r_idx)]
        equipment = cast(str | None, eq)
        threshold = measure_threshold(rule, equipment)
        name, fallback = _value_source(rule, equipment)
        values, spare = column(name), column(fallback) if fallback else None
        for pos, idx, res, retrofit in group.select(
            "_pos", owner, "result", "retrofit"
        ).iter_rows():
            value = values[idx]
            if value is None and spare is not None:
                value = spare[idx]
            out[pos] = Finding(rule.id, RESULTS[res], value, threshold, retrofit)
    return cast(list[Finding], out)


#: Lines (enterprises) written per slice of the JSON, to bound the memory of its text.
_LINE_CHUNK = 50_000
_ENT_CHUNK = 100_000
_LINES, _ENTERPRISES = "@@lines@@", "@@enterprises@@"
_VALUE, _RETROFIT, _FINDINGS = "@@value@@", "@@retrofit@@", "@@findings@@"
_INDENT = 2
#: How deep in the document an owner (a line, an enterprise) and its findings sit.
_OWNER_DEPTH, _FINDING_DEPTH = 2, 4


def _indented(text: str, depth: int) -> str:
    pad = " " * (_INDENT * depth)
    return "\n".join(pad + line for line in text.split("\n"))


def _split(text: str, *marks: str) -> list[str]:
    """``text`` cut at each mark (as JSON strings), in order."""
    parts = []
    for mark in marks:
        head, text = text.split(orjson.dumps(mark).decode(), 1)
        parts.append(head)
    return [*parts, text]


class _Templates:
    """A finding's JSON around its value, per rule, equipment and result: what
    :func:`finding_json` gives, indented as it sits in the document. With a retrofit, the
    text after the value is cut again around the retrofit named."""

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.cache: dict[tuple[int, str | None, int, bool], list[str]] = {}

    def __call__(self, r_idx: int, equipment: str | None, result: int, retrofit: bool) -> list[str]:
        key = (r_idx, equipment, result, retrofit)
        parts = self.cache.get(key)
        if parts is None:
            rule = self.book.rules[r_idx]
            threshold = measure_threshold(rule, equipment)
            named = _RETROFIT if retrofit else None
            finding = Finding(rule.id, RESULTS[result], _VALUE, threshold, named)
            data = finding_json(finding, rule, self.book, equipment)
            text = orjson.dumps(data, default=str, option=orjson.OPT_INDENT_2).decode()
            marks = (_VALUE, _RETROFIT) if retrofit else (_VALUE,)
            parts = self.cache[key] = _split(_indented(text, _FINDING_DEPTH), *marks)
        return parts

    def exprs(
        self, r_idx: int, equipment: str | None, result: str, value: str, retrofit: str | None
    ) -> list[pl.Expr]:
        """A finding's text as pieces to concatenate: the result code, value text and
        retrofit text (or null) are in the columns named."""
        codes = range(len(RESULTS))
        plain = [self(r_idx, equipment, c, False) for c in codes]
        code = pl.col(result)
        before = code.replace_strict({c: p[0] for c, p in enumerate(plain)}, return_dtype=pl.String)
        after = code.replace_strict({c: p[1] for c, p in enumerate(plain)}, return_dtype=pl.String)
        if retrofit is not None:
            named = [self(r_idx, equipment, c, True) for c in codes]
            # a retrofit's keys come last: the text before the value is the same
            assert all(n[0] == p[0] for n, p in zip(named, plain, strict=True))
            with_retrofit = pl.concat_str(
                code.replace_strict({c: n[1] for c, n in enumerate(named)}, return_dtype=pl.String),
                pl.col(retrofit),
                code.replace_strict({c: n[2] for c, n in enumerate(named)}, return_dtype=pl.String),
            )
            after = pl.when(pl.col(retrofit).is_null()).then(after).otherwise(with_retrofit)
        return [before, pl.col(value), after]


def _json_texts(series: pl.Series) -> pl.Series:
    """Each value of ``series`` as orjson writes it (null for a blank)."""
    name = series.name
    if isinstance(series.dtype, pl.Categorical | pl.Enum):
        series = series.cast(pl.String)
    if series.dtype == pl.String:
        needs_escape = series.str.contains(r'["\\\x00-\x1f]').fill_null(False)
        if not needs_escape.any():
            return (
                pl.select(pl.concat_str(pl.lit('"'), pl.lit(series), pl.lit('"')).fill_null("null"))
                .to_series()
                .alias(name)
            )
    if series.dtype == pl.Boolean:
        return pl.select(
            pl.when(pl.lit(series)).then(pl.lit("true")).when(pl.lit(series).not_())
            .then(pl.lit("false")).otherwise(pl.lit("null"))
        ).to_series().alias(name)  # fmt: skip
    if series.dtype.is_numeric() or series.dtype == pl.Date:
        if series.len() == 0:
            return pl.Series(name, [], pl.String)
        # numbers and dates hold no comma: one call encodes the column
        text = orjson.dumps(series.to_list(), default=str).decode()
        return pl.Series(name, text[1:-1].split(","), pl.String)
    return pl.Series(
        name, [orjson.dumps(v, default=str).decode() for v in series.to_list()], pl.String
    )


class _ValueTexts:
    """The JSON text of the value each finding reports, from ``source`` (row n: owner n),
    each column encoded once."""

    def __init__(self, source: pl.DataFrame) -> None:
        self.source = source
        self.columns: dict[str, pl.Series] = {}

    def column(self, name: str) -> pl.Series:
        if name not in self.columns:
            self.columns[name] = (
                _json_texts(self.source[name])
                if name in self.source.columns
                else pl.Series(name, ["null"] * self.source.height, pl.String)
            )
        return self.columns[name]

    def __call__(self, rule: Rule, equipment: str | None, owners: pl.Series) -> pl.Series:
        name, fallback = _value_source(rule, equipment)
        value = self.column(name).gather(owners)
        if fallback is None:
            return value
        # a determination left blank reports the figure its limit value reads
        blank = (
            self.source[name].gather(owners).is_null()
            if name in self.source.columns
            else pl.Series([True] * owners.len())
        )
        if not blank.any():
            return value
        spare = self.column(fallback).gather(owners)
        return pl.select(
            pl.when(pl.lit(blank)).then(pl.lit(spare)).otherwise(pl.lit(value))
        ).to_series()


def _shell(columns: list[str]) -> list[str]:
    """An owner's object as text around its fields' values and its findings list."""
    sample = {name: f"@@{name}@@" for name in columns} | {"findings": _FINDINGS}
    text = orjson.dumps(sample, option=orjson.OPT_INDENT_2).decode()
    return _split(_indented(text, _OWNER_DEPTH), *[f"@@{name}@@" for name in columns], _FINDINGS)


_OPEN = "[\n"
_CLOSE = "\n" + " " * (_INDENT * (_OWNER_DEPTH + 1)) + "]"
_BETWEEN = ",\n"


def _write_array(fh: IO[bytes], count: int, chunk: int, objects: Any) -> None:
    """Write a JSON list of ``count`` objects as the document holds it, a slice at a time;
    ``objects(start, stop)`` gives the text of each object from ``start`` to ``stop``."""
    if count == 0:
        fh.write(b"[]")
        return
    fh.write(_OPEN.encode())
    for start in range(0, count, chunk):
        stop = min(start + chunk, count)
        texts = cast(pl.Series, objects(start, stop))
        # each object and the comma after it, straight into the file (the last one closes
        # the list without a comma)
        body = texts if stop < count else texts.head(-1)
        if body.len():
            fh.flush()
            body.to_frame("text").write_csv(
                fh, include_header=False, quote_style="never", line_terminator=_BETWEEN
            )
        if stop == count:
            fh.write(cast(str, texts[-1]).encode())
    fh.write(b"\n" + b" " * _INDENT + b"]")


def _line_objects(
    heads: dict[str, pl.Series],
    findings: pl.DataFrame,
    values: _ValueTexts,
    templates: _Templates,
) -> pl.Series:
    """The JSON text of the lines whose findings are ``findings`` (in (line, rule) order),
    in line order; ``heads`` holds each line's fields as JSON text, by line index.

    Every line of one equipment has a finding for each rule of that equipment, in rule
    order: the findings of an equipment's lines are columns side by side, and each line's
    text is one concatenation."""
    shell = _shell(list(heads))
    parts = []
    for (eq,), group in findings.partition_by("equipment", as_dict=True).items():
        equipment = cast(str, eq)
        owners = group["_l"]
        width = int(owners.search_sorted(owners[0], side="right"))
        rule_ids = group["rule_idx"][:width].to_list()
        lines = owners.gather_every(width)
        assert group.height == lines.len() * width
        assert (group["rule_idx"] == pl.Series(rule_ids * lines.len())).all()
        columns: dict[str, pl.Series] = {"_l": lines}
        exprs: list[pl.Expr] = []
        for piece, name in zip(shell, heads, strict=False):
            columns[name] = heads[name].gather(lines)
            exprs += [pl.lit(piece), pl.col(name)]
        exprs += [pl.lit(shell[-2]), pl.lit(_OPEN)]
        for j, r_idx in enumerate(rule_ids):
            rule = templates.book.rules[r_idx]
            result, value, named = f"r{j}", f"v{j}", f"m{j}"
            columns[result] = group["result"].gather_every(width, offset=j)
            columns[value] = values(rule, equipment, lines)
            retrofit = None
            if rule.retrofit is not None:
                text = group["retrofit"].gather_every(width, offset=j)
                if text.is_not_null().any():
                    columns[named], retrofit = _json_texts(text).set(text.is_null(), None), named
            if j:
                exprs.append(pl.lit(_BETWEEN))
            exprs += templates.exprs(r_idx, equipment, result, value, retrofit)
        exprs += [pl.lit(_CLOSE), pl.lit(shell[-1])]
        parts.append(pl.DataFrame(columns).select("_l", pl.concat_str(exprs).alias("text")))
    return pl.concat(parts).sort("_l")["text"]


def _enterprise_objects(
    heads: dict[str, pl.Series],
    findings: pl.DataFrame,
    owners: range,
    values: _ValueTexts,
    templates: _Templates,
) -> pl.Series:
    """The JSON text of the enterprises ``owners``, whose findings are ``findings`` (in
    (enterprise, rule) order); enterprises differ in which rules they have findings of."""
    shell = _shell(list(heads))
    texts = []
    indexed = findings.with_row_index("_pos")
    for (r_idx,), group in indexed.partition_by("rule_idx", as_dict=True).items():
        rule = templates.book.rules[cast(int, r_idx)]
        frame = group.select("_pos", "_e", "result").with_columns(
            value=values(rule, None, group["_e"])
        )
        exprs = templates.exprs(cast(int, r_idx), None, "result", "value", None)
        texts.append(frame.select("_pos", "_e", pl.concat_str(exprs).alias("text")))
    index = pl.Series("_e", owners, dtype=pl.UInt32)
    block = pl.concat_str(pl.lit(_OPEN), pl.col("text"), pl.lit(_CLOSE)).fill_null("[]")
    if texts:
        lists = (
            pl.concat(texts)
            .sort("_pos")
            .group_by("_e", maintain_order=True)
            .agg(pl.col("text").str.join(_BETWEEN))
        )
        blocks = (
            pl.DataFrame({"_e": index})
            .join(lists.cast({"_e": pl.UInt32}), on="_e", how="left", maintain_order="left")
            .select(block)
            .to_series()
        )
    else:
        blocks = pl.Series("text", ["[]"] * index.len(), pl.String)
    exprs = []
    columns = {}
    for piece, name in zip(shell, heads, strict=False):
        columns[name] = heads[name].gather(index)
        exprs += [pl.lit(piece), pl.col(name)]
    columns["findings"] = blocks
    exprs += [pl.lit(shell[-2]), pl.col("findings"), pl.lit(shell[-1])]
    return pl.DataFrame(columns).select(pl.concat_str(exprs)).to_series()


def _basis(outcome: str, national: bool | None) -> str | None:
    if outcome not in ("eliminate", "rectify"):
        return None
    return "national" if national else "provincial"


def counted(counted_from: dt.date | None) -> pl.Expr:
    """Lines an aggregate or flag counts: those not exited, or, with ``counted_from``, those
    that had not exited before that day (an undated exit counts)."""
    if counted_from is None:
        return _active()
    return ~(pl.col("exited_on") < counted_from).fill_null(False)


def flag_columns(lines: pl.LazyFrame, book: Rulebook) -> pl.LazyFrame | None:
    """Per enterprise (``credit_code``), each rulebook flag (see :class:`rulebook.Flag`)."""
    if not book.flags:
        return None
    out: pl.LazyFrame | None = None
    for key, flag in book.flags.items():
        where = condition(flag.where, book)
        scoped = counted(flag.counted_from) & pl.col("equipment").is_in(list(flag.equipment))
        part = (
            lines.filter(scoped)
            .group_by("credit_code")
            .agg(where.fill_null(False).any().alias("_t"), where.is_null().any().alias("_u"))
            .select(
                "credit_code",
                pl.when(pl.col("_t"))
                .then(True)
                .when(pl.col("_u"))
                .then(None)
                .otherwise(False)
                .alias(key),
            )
        )
        out = part if out is None else out.join(part, on="credit_code", how="full", coalesce=True)
    return out


def _enterprise_frame(
    enterprises: pl.DataFrame, line_table: pl.DataFrame, book: Rulebook
) -> pl.DataFrame:
    exact_cols = []
    for key, fig in book.figures.items():
        exact_cols.append(exact.units_expr(pl.col(fig.numerator)).alias(key + _NUM))
        exact_cols.append(exact.units_expr(pl.col(fig.denominator)).alias(key + _DEN))
    ents = enterprises.with_row_index("_e").with_columns(exact_cols)
    # A figure is shown as the float nearest its exact value (23.4 ÷ 9 shows as 2.6): the
    # quotient of two Python integers is correctly rounded, as float(Fraction(n, d)) is.
    ents = ents.with_columns(
        pl.Series(
            key,
            [
                _nearest(n, d)
                for n, d in zip(ents[key + _NUM].to_list(), ents[key + _DEN].to_list(), strict=True)
            ],
            dtype=pl.Float64,
        )
        for key in book.figures
    )
    lines = line_table.lazy()
    # one join for every sum and flag: the enterprise table is copied once
    joined = ents.lazy()
    for key, agg in book.aggregates.items():
        where = condition(agg.where, book)
        amount = pl.col(agg.sum)
        scoped = counted(agg.counted_from) & pl.col("equipment").is_in(list(agg.equipment))
        sums = (
            lines.filter(scoped)
            .group_by("credit_code")
            .agg(
                pl.when(where & amount.is_not_null())
                .then(exact.units_expr(amount))
                .otherwise(pl.lit(0, pl.Int128))
                .sum()
                .alias(key + _UNITS),
                (where.is_null() | (where & amount.is_null()))
                .fill_null(False)
                .any()
                .not_()
                .alias(key + _COMPLETE),
            )
        )
        joined = joined.join(
            sums, on="credit_code", how="left", maintain_order="left"
        ).with_columns(
            pl.col(key + _UNITS).fill_null(pl.lit(0, pl.Int128)),
            pl.col(key + _COMPLETE).fill_null(True),
        )
    flags = flag_columns(lines, book)
    if flags is not None:
        joined = joined.join(flags, on="credit_code", how="left", maintain_order="left")
    ents = joined.collect()
    ents = ents.with_columns(
        pl.Series(key, [exact.to_float(u) for u in ents[key + _UNITS].to_list()], pl.Float64)
        for key in book.aggregates
    )
    return ents.with_columns(
        pl.Series(
            "corridor",
            [cities.place_in_corridor(c, k) for c, k in ents.select("city", "county").iter_rows()],
            pl.Boolean,
        )
    )


def _nearest(numerator: int | None, divisor: int | None) -> float | None:
    """The float nearest ``numerator / divisor`` (None when unknown or the divisor is 0)."""
    if numerator is None or divisor is None or divisor == 0:
        return None
    if numerator == 0:
        return 0.0  # never -0.0
    return numerator / divisor


def _with_enterprise_columns(
    lines: pl.DataFrame, ents: pl.DataFrame, columns: list[str]
) -> pl.DataFrame:
    """``lines`` with ``columns`` of each line's enterprise (a left join on the credit code
    that leaves the line columns where they are instead of copying them)."""
    owner = lines.select("credit_code").join(
        ents.select("credit_code", "_e"), on="credit_code", how="left", maintain_order="left"
    )["_e"]
    if owner.len() != lines.height:  # a credit code held twice: join as such a ledger joins
        return lines.join(ents.select(["credit_code", *columns]), on="credit_code", how="left")
    return lines.with_columns(ents[c].gather(owner) for c in columns)


def _fill_from_enterprise(frame: pl.DataFrame, book: Rulebook) -> pl.DataFrame:
    """Blank line fields that take their enterprise's value (``Rulebook.line_fallbacks``)."""
    fills = []
    for key, fb in book.line_fallbacks.items():
        of_kind = pl.col("equipment") == fb.equipment
        alone = of_kind.sum().over("credit_code") == 1
        take = pl.col(key).is_null() & of_kind & alone
        fills.append(
            pl.when(take).then(pl.col(fb.enterprise_field)).otherwise(pl.col(key)).alias(key)
        )
    return frame.with_columns(fills) if fills else frame


#: What every assessment reads besides the fields the rulebook names.
_LINE_IDS = ("line_id", "credit_code", "equipment", "status", "upgrade_hopeless", "exited_on",
             "unit_energy")  # fmt: skip
_ENTERPRISE_IDS = ("credit_code", "name", "city", "county", "industry")
_LINE_KEYS = frozenset(f.key for f in schema.LINE_FIELDS)
_ENTERPRISE_KEYS = frozenset(f.key for f in schema.ENTERPRISE_FIELDS)
#: Line fields held as enums in the engine's frame (a few codes over a million rows).
_ENUM_CODES = {f.key: list(f.choice_codes()) for f in schema.LINE_FIELDS if f.kind is Kind.ENUM}


def _conditions(rules: Any) -> list[Condition | None]:
    found: list[Condition | None] = []
    for r in rules:
        found += [r.fails_if, r.exempt_if]
        if r.retrofit is not None:
            found += [r.retrofit.when, *(m.when for m in r.retrofit.measures)]
    return found


def _names_read(rules: Any, book: Rulebook) -> set[str]:
    """Every field and derived figure ``rules`` compare or report."""
    names = {leaf.field for cond in _conditions(rules) for leaf in leaves(cond)}
    names |= {r.determination for r in rules if r.determination is not None}
    return names


def columns_read(book: Rulebook) -> tuple[frozenset[str], frozenset[str]]:
    """The enterprise and the line fields an assessment by ``book`` reads: what its rules,
    figures, sums and flags compare or report, the fields a blank line field falls back on,
    and the identities and states every verdict carries. A ledger holding only these gives
    the same assessment."""
    names = _names_read(book.rules, book)
    for fig in book.figures.values():
        names |= {fig.numerator, fig.denominator}
    for agg in book.aggregates.values():
        names |= {agg.sum, *(leaf.field for leaf in leaves(agg.where))}
    for flag in book.flags.values():
        names |= {leaf.field for leaf in leaves(flag.where)}
    for key, fb in book.line_fallbacks.items():
        names |= {key, fb.enterprise_field}
    return (
        frozenset(_ENTERPRISE_IDS) | (names & _ENTERPRISE_KEYS),
        frozenset(_LINE_IDS) | (names & _LINE_KEYS),
    )


def compact_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """``lines`` with each code field (equipment, status, process …) that is mostly filled
    held as an enum of the schema's codes: a byte a row instead of sixteen. A column holding
    anything else than those codes is left as it is."""
    cast = []
    for key, codes in _ENUM_CODES.items():
        if key not in lines.columns or lines[key].dtype != pl.String:
            continue
        column = lines[key]
        filled = column.len() - column.null_count()
        if filled * 16 > column.len() and column.drop_nulls().is_in(codes).all():
            cast.append(pl.col(key).cast(pl.Enum(codes)))
    return lines.with_columns(cast) if cast else lines


def _joined_columns(book: Rulebook) -> list[str]:
    """The enterprise columns the line rules read, with what deciding them needs (a
    figure's exact numerator and divisor, a sum's exact units and completeness)."""
    names = _names_read([r for r in book.rules if r.equipment], book)
    names |= {fb.enterprise_field for fb in book.line_fallbacks.values()}
    out = ["_e", "industry", "name", "city"]  # what a verdict and a what-if show of a line
    for name in sorted(names):
        if name in book.figures:
            out += [name, name + _NUM, name + _DEN]
        elif name in book.aggregates:
            out += [name, name + _UNITS, name + _COMPLETE]
        elif name in book.flags or name in _ENTERPRISE_KEYS or name == "corridor":
            out.append(name)
    return list(dict.fromkeys(out))


def assess_frames(ledger: Ledger, book: Rulebook) -> EngineResult:
    """Assess ``ledger`` and keep the result columnar (the fast path)."""
    ent_fields, line_fields = columns_read(book)
    lines = compact_lines(ledger.lines.select(c for c in ledger.lines.columns if c in line_fields))
    enterprises = ledger.enterprises.select(
        c for c in ledger.enterprises.columns if c in ent_fields
    )
    ents = _enterprise_frame(enterprises, lines, book)
    ent_cols = [c for c in _joined_columns(book) if c in ents.columns and c not in lines.columns]
    frame = _with_enterprise_columns(lines.with_row_index("_l"), ents, ent_cols)
    frame = _fill_from_enterprise(frame, book)
    rule_index = {r.id: i for i, r in enumerate(book.rules)}
    by_equipment: dict[str, list[tuple[int, Rule]]] = defaultdict(list)
    for rule in book.rules:
        for eq in rule.equipment:
            by_equipment[eq].append((rule_index[rule.id], rule))

    frame_lazy = frame.lazy()
    partitions: list[pl.LazyFrame] = []
    for eq, rules in by_equipment.items():
        part = frame_lazy.filter(pl.col("equipment") == eq).select(
            "_l",
            "_e",
            "status",
            "upgrade_hopeless",
            *[result_expr(r, book, eq).alias(f"r{i}") for i, r in rules],
            *[pl.col(c) for c in _retrofit_inputs(rules, book)],
        )
        extra = [e for i, r in rules if r.retrofit is not None for e in retrofit_exprs(i, r, book)]
        if extra:
            part = part.with_columns(extra)
        partitions.append(part.with_columns(_line_outcome(rules)))
    evaluated = pl.collect_all(partitions)

    findings_parts, outcome_parts, rollup_parts, retrofit_parts = [], [], [], []
    for (_, rules), done in zip(by_equipment.items(), evaluated, strict=True):
        for i, r in rules:
            if r.retrofit is not None:
                retrofit_parts.append(
                    done.filter(pl.col(_excused(i))).select(
                        "_l",
                        pl.lit(i, pl.UInt16).alias("rule_idx"),
                        pl.col(f"m{i}").alias("retrofit"),
                    )
                )
            finding = [pl.lit(i, pl.UInt16).alias("rule_idx"), pl.col(f"r{i}").alias("result")]
            findings_parts.append(done.select("_l", *finding))
            if r.subject == "enterprise":
                rollup_parts.append(done.filter(_active()).select("_e", *finding))
        outcome_parts.append(done.select("_l", "_e", "status", "outcome", "national"))
    del evaluated

    findings = _concat(findings_parts, {"_l": pl.UInt32, "rule_idx": pl.UInt16, "result": pl.UInt8})
    outcomes = _concat(
        outcome_parts,
        {
            "_l": pl.UInt32,
            "_e": pl.UInt32,
            "status": pl.String,
            "outcome": pl.UInt8,
            "national": pl.Boolean,
        },
    )
    rollups = _concat(rollup_parts, {"_e": pl.UInt32, "rule_idx": pl.UInt16, "result": pl.UInt8})
    rollups = rollups.group_by("_e", "rule_idx").agg(pl.col("result").max())

    # Enterprise-only rules (the efficiency figures), by industry.
    eff_parts = []
    for industry, group in ents.partition_by("industry", as_dict=True).items():
        rules = [
            (rule_index[r.id], r) for r in book.for_industry(str(industry[0])) if r.enterprise_only
        ]
        if not rules:
            continue
        eff_parts.append(
            group.lazy()
            .select("_e", *[result_expr(r, book, None).alias(f"r{i}") for i, r in rules])
            .unpivot(index="_e", variable_name="rule", value_name="result")
            .select(
                "_e",
                pl.col("rule").str.slice(1).cast(pl.UInt16).alias("rule_idx"),
                pl.col("result").cast(pl.UInt8),
            )
        )
    efficiency = _concat(
        pl.collect_all(eff_parts) if eff_parts else [],
        {"_e": pl.UInt32, "rule_idx": pl.UInt16, "result": pl.UInt8},
    )
    ent_findings = pl.concat([efficiency, rollups.select(efficiency.columns)])

    # The rule of assessment.enterprise_outcome: the worst of the lines that have not
    # exited, or of all its lines when every one has exited.
    worst = (
        outcomes.with_columns(_active().alias("_active"))
        .filter(pl.col("_active") | ~pl.col("_active").any().over("_e"))
        .group_by("_e")
        .agg(
            pl.col("outcome").max().alias("line_worst"),
            (pl.col("national").fill_null(False) & (pl.col("outcome") == pl.col("outcome").max()))
            .any()
            .alias("line_national"),
        )
    )
    eff = efficiency.group_by("_e").agg(
        (pl.col("result") == FAIL).any().alias("eff_fail"),
        (pl.col("result") == UNKNOWN).any().alias("eff_unknown"),
    )
    rectify, insufficient = OUTCOME_CODE["rectify"], OUTCOME_CODE["insufficient_data"]
    worst_line = pl.col("line_worst").fill_null(0)
    eff_fail = pl.col("eff_fail").fill_null(False)
    eff_unknown = pl.col("eff_unknown").fill_null(False)
    ent_outcomes = (
        ents.select("_e")
        .join(worst, on="_e", how="left")
        .join(eff, on="_e", how="left")
        .select(
            "_e",
            pl.when(eff_fail & (worst_line < rectify))
            .then(rectify)
            .when(eff_unknown & (worst_line < insufficient))
            .then(insufficient)
            .otherwise(worst_line)
            .cast(pl.UInt8)
            .alias("outcome"),
            pl.when(eff_fail & (worst_line < rectify))
            .then(False)
            .otherwise(pl.col("line_national").fill_null(False))
            .alias("national"),
        )
    )
    return EngineResult(
        book=book,
        ledger=ledger,
        frame=frame,
        enterprise_frame=ents,
        findings=findings,
        line_outcomes=outcomes.select("_l", "outcome", "national"),
        enterprise_findings=ent_findings,
        enterprise_outcomes=ent_outcomes,
        retrofits=_concat(
            retrofit_parts, {"_l": pl.UInt32, "rule_idx": pl.UInt16, "retrofit": pl.String}
        ),
    )


def _active() -> pl.Expr:
    return pl.col("status").fill_null("operating") != "exited"


def _concat(parts: list[pl.DataFrame], dtypes: dict[str, Any]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=dtypes)
    return pl.concat([p.cast(pl.Schema(dtypes)) for p in parts])


def assess(ledger: Ledger, book: Rulebook) -> Assessment:
    """Assess ``ledger`` against ``book`` and return the full, explainable result."""
    return assess_frames(ledger, book).to_assessment()
