import pytest

from .platform import Platform


@pytest.fixture
def platform(db):
    """A real LTI 1.3 platform on loopback (lti1p3platform), stopped at the end whatever happens."""
    lms = Platform().start()
    yield lms
    lms.stop()


@pytest.fixture
def registered(platform, client):
    """The platform registered on our site by a maintainer, with its deployment."""
    platform.record = platform.register_tool(client)
    return platform
