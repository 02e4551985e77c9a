from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def strategy(agenda):
    """The agenda with its goals, as the test files name them."""
    return agenda


@pytest.fixture
def city(kultur, soziales, strategy):
    """Everything the project files refer to."""
    return {"kultur": kultur, "soziales": soziales}
