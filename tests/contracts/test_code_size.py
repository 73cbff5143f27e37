"""Every deployable contract fits under the EIP-170 code-size limit, as deployed: the runtime
code with its immutables appended, which is what the limit applies to."""

import boa
import pytest

from lashou.chain.artifacts import DEPLOYABLES, compile_contract
from tests.utils.deployers import Plan, deploy_plan

EIP170_LIMIT = 24_576


@pytest.fixture(scope="module")
def whole_plan() -> Plan:
    return deploy_plan()


@pytest.mark.parametrize("name", ["token", "config", "pool", "witnesses", "claims", "disputes"])
def test_deployed_code__fits_the_eip170_limit(whole_plan, name):
    code = boa.env.evm.get_code(getattr(whole_plan, name).address)
    assert 0 < len(code) <= EIP170_LIMIT


@pytest.mark.parametrize("name", DEPLOYABLES)
def test_runtime_code__compiles_under_the_limit(name):
    assert 0 < compile_contract(name).runtime_size < EIP170_LIMIT
