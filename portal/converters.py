"""Path converters shared by every content kind's urls."""

from django.urls import register_converter


class IdConverter:
    """A record id: 1 to 18 digits, so that it always fits a 64-bit column. A longer number in
    an address is a 404, never an overflow in the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
