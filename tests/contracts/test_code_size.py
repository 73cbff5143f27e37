"""Every deployable contract fits under the EIP-170 code-size limit."""

import pytest

from lashou.chain.artifacts import DEPLOYABLES, compile_contract

EIP170_LIMIT = 24_576


@pytest.mark.parametrize("name", DEPLOYABLES)
def test_runtime_code__fits_the_eip170_limit(name):
    artifact = compile_contract(name)
    assert 0 < artifact.runtime_size < EIP170_LIMIT
