"""Domain errors. Each carries an HTTP-like ``status`` that the API maps once."""


class CommonListError(Exception):
    """Base class of errors a user can act upon."""

    status: int = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(CommonListError):
    """A member, record, entry or release does not exist."""

    status = 404


class Conflict(CommonListError):
    """The request contradicts the current state (e.g. a member that exists)."""

    status = 409


class InvalidInput(CommonListError):
    """A value given by the user is not acceptable."""

    status = 422


class PermissionDenied(CommonListError):
    """The actor may not do this."""

    status = 403


class SourceFormatError(CommonListError):
    """A list file cannot be read; names the file, the record and the field."""

    status = 422

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        ref: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.ref = ref
        self.field = field
        self.message = message
        where = ", ".join(
            part
            for part in (
                file,
                ref,
                f"field {field!r}" if field else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class FileTooLarge(SourceFormatError):
    """An import or upload exceeds the configured size limit."""

    status = 413
