from tests.adopt.conftest import project  # noqa: F401
