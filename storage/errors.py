"""What the storage layer raises of its own, apart from the database driver's errors."""


class DatabaseUnreachable(ConnectionError):
    """No answer in time, to a connection attempt or a statement: a host that drops packets never refuses."""
