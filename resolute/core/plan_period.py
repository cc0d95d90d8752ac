"""The plan's period, for the choices pages offer and what they say once it is over.

The plan runs 2021–2022 (``plan_end``); one duty runs on: the 2500 t/d clinker lines of
二(三)5, "2024年年底前全部整合退出" (``last_deadline``). Quarterly dispatch and bulletins
(五(四) 季调度、季通报) start with the quarter in which the cities' "三个一批" plans were due
(end of April 2021, so 2021Q2) and run to the quarter of the last deadline (2024Q4); an
annual evaluation is offered for each year in which some duty fell due (2021, 2022, 2024)
and defaults to the last year of the plan itself that is over (2022). Pages judged on a day
after ``plan_end`` say the period has ended and show the state on that day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from resolute.core.bulletin import Quarter
from resolute.core.targets import Targets

#: The target whose deadline opens quarterly dispatch: the cities' plans (五(三), 2021-04-30).
CITY_PLANS_TARGET = "supervision.city_plans"


def plan_end(book: Targets) -> dt.date:
    """The end of the plan's own term: the end the targets of 二, 三 and 四 most often share."""
    ends = Counter(t.period.end for t in book.targets if t.clause.startswith(("二", "三", "四")))
    return ends.most_common(1)[0][0]


def last_deadline(book: Targets) -> dt.date:
    """The latest deadline of any dated duty (二(三)5's 2500 t/d clinker lines: 2024-12-31)."""
    return max((task.deadline for task in book.obligations), default=plan_end(book))


def first_quarter(book: Targets) -> Quarter:
    try:
        return Quarter.of(book.target(CITY_PLANS_TARGET).period.end)
    except KeyError:
        return Quarter.of(book.plan_start)


def last_quarter(book: Targets) -> Quarter:
    return Quarter.of(last_deadline(book))


def quarters(book: Targets, today: dt.date) -> list[Quarter]:
    """The plan's quarters up to today's (none after the last deadline's), latest first."""
    last = min(Quarter.of(today), last_quarter(book))
    found: list[Quarter] = []
    q = last
    while q >= first_quarter(book):
        found.append(q)
        q = q.previous()
    return found


def ended_quarters(book: Targets, today: dt.date) -> list[Quarter]:
    """The plan's quarters that are over on ``today``, latest first (those a bulletin may be
    issued for)."""
    return [q for q in quarters(book, today) if q.end < today]


def default_quarter(book: Targets, today: dt.date) -> Quarter:
    """Today's quarter while the plan runs; after it, its last quarter; before it, its first."""
    return max(min(Quarter.of(today), last_quarter(book)), first_quarter(book))


def in_plan(book: Targets, quarter: Quarter) -> bool:
    return first_quarter(book) <= quarter <= last_quarter(book)


def evaluation_years(book: Targets, today: dt.date) -> list[int]:
    """The years in which some duty fell due, up to this year, in order."""
    due = sorted({task.deadline.year for task in book.obligations})
    return [y for y in due if y <= today.year] or due[:1]


def default_evaluation_year(book: Targets, today: dt.date) -> int:
    """The last year of the plan itself (not the 2024 tail) that is over on ``today``; while
    the first year runs, that year."""
    years = evaluation_years(book, today)
    over = [y for y in years if y <= plan_end(book).year and dt.date(y, 12, 31) < today]
    return over[-1] if over else years[0]


@dataclass(frozen=True, slots=True)
class PeriodState:
    plan_start: dt.date
    plan_end: dt.date
    last_deadline: dt.date
    today: dt.date

    @property
    def ended(self) -> bool:
        return self.today > self.plan_end

    @property
    def tail_running(self) -> bool:
        """The plan is over but a duty with a later deadline is not yet due."""
        return self.ended and self.today <= self.last_deadline


def state(book: Targets, today: dt.date) -> PeriodState:
    return PeriodState(book.plan_start, plan_end(book), last_deadline(book), today)
