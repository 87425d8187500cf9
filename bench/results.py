"""What a benchmark section hands to the report: comparisons against targets, raw samples."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Better(StrEnum):
    HIGHER = "higher"  # throughput: ratio = ours / baseline, target is a minimum
    LOWER = "lower"  # latency: ratio = ours / baseline, target is a maximum


@dataclass(frozen=True)
class Comparison:
    """One row of the results table: our figure, its baseline, and the DESIGN §5b target."""

    section: str
    case: str
    unit: str
    ours_label: str
    baseline_label: str
    target_ratio: float | None  # None: reported for information, no target
    better: Better = Better.HIGHER
    ours: float | None = None
    baseline: float | None = None
    pending: str | None = None  # why it could not be measured in this run
    round_ratios: tuple[float, ...] = ()  # ours / baseline of each round, when in rounds

    @classmethod
    def of_rounds(
        cls,
        section: str,
        case: str,
        unit: str,
        ours_label: str,
        baseline_label: str,
        target_ratio: float | None,
        ours: Sequence[float],
        baseline: Sequence[float],
    ) -> Comparison:
        """Medians of the rounds; the ratio is the median of each round's own ratio (the two
        cases of a round ran minutes apart at most, so they saw the same machine)."""
        return cls(
            section,
            case,
            unit,
            ours_label,
            baseline_label,
            target_ratio,
            ours=statistics.median(ours),
            baseline=statistics.median(baseline),
            round_ratios=tuple(o / b for o, b in zip(ours, baseline, strict=True)),
        )

    @property
    def ratio(self) -> float | None:
        if self.round_ratios:
            return statistics.median(self.round_ratios)
        if self.ours is None or self.baseline is None or self.baseline == 0:
            return None
        return self.ours / self.baseline

    @property
    def target_text(self) -> str:
        if self.target_ratio is None:
            return "—"
        sign = "≥" if self.better is Better.HIGHER else "≤"
        return f"{sign} {self.target_ratio:g}×"

    @property
    def status(self) -> str:
        ratio = self.ratio
        if self.pending is not None or ratio is None or math.isnan(ratio):
            return "pending"
        if self.target_ratio is None:
            return "info"
        met = (
            ratio >= self.target_ratio
            if self.better is Better.HIGHER
            else (ratio <= self.target_ratio)
        )
        return "met" if met else "NOT met"


@dataclass(frozen=True)
class Sample:
    """One measured round of one case (kept for the detail tables)."""

    case: str
    round: int
    value: float
    unit: str
    detail: str = ""


@dataclass
class SectionResult:
    name: str  # short, for the results table
    title: str  # long, for the section's heading
    comparisons: list[Comparison] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
