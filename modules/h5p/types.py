"""Data handed from validation to storage; plain dataclasses, no Django models."""

from dataclasses import dataclass, field

from ..errors import ElearnError


class H5PError(ElearnError):
    """Base error: `entry` names the file inside the package, `rule` the rule it broke."""

    def __init__(self, message, entry=None, rule=None, *, status=None):
        super().__init__(message, entry, status=status)
        self.rule = rule


@dataclass(frozen=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self):
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self):
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class PackagedLibrary:
    ref: LibraryRef
    patch: int
    metadata: dict            # library.json
    files: dict               # path inside the library folder -> bytes (skipped . and _ segments removed)
    content_hash: str         # sha256 over sorted (path, sha256(bytes))


@dataclass
class ValidatedPackage:
    sha256: str               # of the .h5p file as uploaded
    metadata: dict            # h5p.json
    content: dict             # content/content.json, sanitised
    content_files: dict       # path under content/ (e.g. "images/a.png") -> bytes, content.json excluded
    libraries: list = field(default_factory=list)   # PackagedLibrary found in the package
    dependencies: list = field(default_factory=list)  # every LibraryRef the main library needs, transitively
    #   (and the sub-content libraries h5p.json preloads), in load order: dependencies first, main library last
    # Added by rules.py (defaults keep older callers working):
    main: LibraryRef | None = None  # the main library; also the last entry of `dependencies` (load order)
    skipped: list = field(default_factory=list)  # entries ignored like H5P does (a segment starting with . or _)
