"""The one exception every import raises for a file it cannot use."""


class FileRejected(Exception):
    """The file cannot be read at all; nothing was stored. `row` and `column` say where, when
    the fault has a place in the file."""

    def __init__(self, message: str = "", row: int = 0, column: str = ""):
        super().__init__(message)
        self.row = row
        self.column = column
