import pytest


@pytest.fixture
def admin_client(client, administrator):
    """A client signed in as an administrator (superuser): backups are theirs alone."""
    client.force_login(administrator)
    return client
