"""The verdict of one check: the records every part of the checker passes around,
and the single `--json` schema they serialise to."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# verdict key -> title shown to the user; the order is the order of precedence.
VERDICTS = {
    "syntax_error": "Syntax error",
    "forbidden_import": "Forbidden import",
    "missing_function": "Missing function or wrong signature",
    "not_implemented": "Not implemented yet",
    "wrong_shape": "Wrong shape or dtype",
    "runtime_error": "Runtime error",
    "time_limit": "Time limit exceeded",
    "memory_limit": "Memory limit exceeded",
    "wrong_answer": "Wrong answer",
    "accepted": "Accepted",
}


@dataclass
class Mismatch:
    """Expected vs got for one output of the user's code."""

    output: str
    expected: str
    got: str
    index: str | None = None  # the worst coordinate, e.g. "[1, 0]"
    max_rel_error: float | None = None
    tolerance: float | None = None


@dataclass
class Mistake:
    """A known mistake the wrong result matches."""

    name: str
    explanation: str = ""
    cheatsheet: str | None = None


@dataclass
class Failure:
    kind: str  # a VERDICTS key
    summary: str
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (name, description)
    mismatch: Mismatch | None = None
    mistake: Mistake | None = None
    traceback: str | None = None


@dataclass
class PropertyResult:
    name: str
    status: str  # "passed" | "failed" | "not_implemented" | "skipped"
    message: str = ""
    failure: Failure | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass
class Report:
    drill: str
    verdict: str
    summary: str
    file: str
    properties: list[PropertyResult] = field(default_factory=list)
    failure: Failure | None = None  # the headline failure, detailed
    advice: list[str] = field(default_factory=list)
    output: str = ""  # what the user's code printed, cut short
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.verdict == "accepted"

    @property
    def title(self) -> str:
        return VERDICTS[self.verdict]

    def to_json(self) -> dict:
        """The one `--json` schema: stable keys, plain JSON types."""
        return {
            "drill": self.drill,
            "passed": self.passed,
            "verdict": self.verdict,
            "title": self.title,
            "summary": self.summary,
            "file": self.file,
            "properties": [
                {"name": p.name, "passed": p.passed, "status": p.status, "message": p.message}
                for p in self.properties
            ],
            "failure": asdict(self.failure) if self.failure else None,
            "advice": self.advice,
            "output": self.output,
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_json(cls, data: dict) -> Report:
        failure = _failure_from(data.get("failure"))
        properties = [
            PropertyResult(p["name"], p["status"], p.get("message", ""))
            for p in data.get("properties", [])
        ]
        return cls(
            drill=data["drill"],
            verdict=data["verdict"],
            summary=data.get("summary", ""),
            file=data.get("file", ""),
            properties=properties,
            failure=failure,
            advice=list(data.get("advice", [])),
            output=data.get("output", ""),
            seconds=float(data.get("seconds", 0.0)),
        )


def _failure_from(data: dict | None) -> Failure | None:
    if not data:
        return None
    mismatch = Mismatch(**data["mismatch"]) if data.get("mismatch") else None
    mistake = Mistake(**data["mistake"]) if data.get("mistake") else None
    return Failure(
        kind=data["kind"],
        summary=data["summary"],
        inputs=[tuple(pair) for pair in data.get("inputs", [])],
        mismatch=mismatch,
        mistake=mistake,
        traceback=data.get("traceback"),
    )
