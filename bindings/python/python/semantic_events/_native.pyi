"""Type stubs for the compiled module (``bindings/python/src/lib.rs``)."""

from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

__version__: str

_ViolationTuple = Tuple[str, str, str, str, Optional[str], Optional[str]]
_ReportTuple = Tuple[
    bool, Optional[str], Optional[str], Optional[str], Optional[str], List[_ViolationTuple]
]
_Declined = Tuple[str, str, str, List[_ViolationTuple]]

class Validator:
    def __init__(
        self,
        dialect: str = "segment",
        profile: str = "standard",
        numeric_strings: str = "error",
        plan: Optional[str] = None,
    ) -> None: ...
    def validate(self, data: Union[str, bytes]) -> _ReportTuple: ...
    def is_valid(self, data: Union[str, bytes]) -> bool: ...
    def first_error(self, data: Union[str, bytes]) -> Optional[_ViolationTuple]: ...
    def fix(
        self, data: Union[str, bytes], only: Optional[List[str]] = None
    ) -> Tuple[Optional[bytes], str, List[Tuple[str, str, str]], List[_Declined], _ReportTuple]: ...
    def validate_files(self, paths: List[str], threads: Optional[int] = None) -> FileResults: ...
    def summary(self, paths: List[str], threads: Optional[int] = None) -> Dict[str, Any]: ...
    def validate_arrow(
        self,
        length: int,
        offset: int,
        validity: Optional[bytes],
        offsets: bytes,
        data: bytes,
        large: bool = False,
    ) -> Tuple[Any, ...]: ...
    def stats_arrow(
        self,
        length: int,
        offset: int,
        validity: Optional[bytes],
        offsets: bytes,
        data: bytes,
        large: bool = False,
        source: str = "-",
        first_row: int = 1,
        show_values: bool = False,
    ) -> str: ...

class FileResults:
    def __iter__(self) -> Iterator[Tuple[str, int, _ReportTuple]]: ...
    def __next__(self) -> Tuple[str, int, _ReportTuple]: ...

def schema(name: str = "bundle", dialect: str = "segment") -> str: ...
def events(category: Optional[str] = None) -> List[Tuple[str, str, List[str]]]: ...
def example(name: str) -> str: ...
def codes() -> List[str]: ...
def repairable() -> List[str]: ...
def merge_stats(figures: List[str]) -> str: ...
def render_report(figures: str, sources: List[str]) -> str: ...
