"""Filing a claim: the notary's attestation, the patient's coverage, the dates and the limits."""

from __future__ import annotations

import boa
import pytest

from tests.contracts.unit.claims.conftest import (
    CITY,
    FILED,
    MILD,
    SEVERE,
    events,
    join,
    now,
)
from tests.utils.deployers import DAY, TOKEN, Key

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
NOT_NOTARY = "claims: not signed by a notary"


def _file_as(claims, who, fields, sig):
    with boa.env.prank(who):
        return claims.file_claim(*fields, sig)


def test_file_claim__by_covered_patient(claims, pool, plan, patient, diagnose):
    fields, sig = diagnose(patient, document=b"\x42" * 32)
    membership_id, tier, region, _, _, _ = pool.coverage(patient)
    commitment = fields[0]
    filed_at = now()

    claim_id = _file_as(claims, patient, fields, sig)

    assert claim_id == 1
    (log,) = events(claims, "ClaimFiled")
    assert (log.claim_id, log.patient, log.membership_id) == (1, patient, membership_id)
    assert (log.province, log.tier, log.condition_class) == (CITY // 10_000, tier, SEVERE)
    assert (log.benefit, log.document) == (100 * TOKEN, b"\x42" * 32)
    assert (log.first_consultation, log.diagnosed_at) == (fields[2], fields[3])
    c = claims.claim(claim_id)
    assert (c.patient, c.status, c.membership_id, c.commitment) == (
        patient,
        FILED,
        membership_id,
        commitment,
    )
    assert (c.region, c.benefit, c.seed_block) == (region, 100 * TOKEN, 0)
    assert (c.approvals, c.replacements, c.redrawn, c.reschedules) == (0, 0, False, 0)
    assert c.deadline == filed_at + plan.param("review_period")
    assert claims.nonces(patient) == 1
    assert claims.document_used(b"\x42" * 32)
    assert claims.open_claim_of(patient) == claim_id
    assert claims.claim_count() == 1


def test_file_claim__mild_class_pays_its_ratio(claims, patient, diagnose):
    fields, sig = diagnose(patient, condition_class=MILD)
    claim_id = _file_as(claims, patient, fields, sig)
    assert claims.claim(claim_id).benefit == 100 * TOKEN * 2_000 // 10_000


def test_file_claim__unknown_class(claims, patient, diagnose):
    fields, sig = diagnose(patient, condition_class=2)
    with boa.reverts("claims: unknown condition class"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__class_without_benefit(claims, plan, patient, diagnose):
    with boa.env.prank(plan.governance):
        plan.config.set_class_ratio(MILD, 0)
    fields, sig = diagnose(patient, condition_class=MILD)
    with boa.reverts("claims: no benefit for this tier and class"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__when_paused(claims, plan, patient, diagnose):
    fields, sig = diagnose(patient)
    with boa.env.prank(plan.operator):
        plan.config.pause()
    with boa.reverts("claims: new claims are paused"):
        _file_as(claims, patient, fields, sig)
    with boa.env.prank(plan.operator):
        plan.config.unpause()
    assert _file_as(claims, patient, fields, sig) == 1


def test_file_claim__attestation_expires_after_its_deadline(claims, patient, diagnose):
    fields, sig = diagnose(patient, deadline=now())
    assert _file_as(claims, patient, fields, sig) == 1  # valid up to its deadline


def test_file_claim__expired_attestation(claims, patient, diagnose):
    fields, sig = diagnose(patient, deadline=now() - 1)
    with boa.reverts("claims: attestation expired"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__signature_not_65_bytes(claims, patient, diagnose):
    fields, sig = diagnose(patient)
    with boa.reverts("claims: signature must be 65 bytes"):
        _file_as(claims, patient, fields, sig[:64])


def test_file_claim__high_s_signature(claims, patient, diagnose):
    fields, sig = diagnose(patient)
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    malleated = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])
    with boa.reverts("ecdsa: invalid signature `s` value"):
        _file_as(claims, patient, fields, malleated)


def test_file_claim__signature_recovering_to_zero(claims, patient, diagnose):
    fields, sig = diagnose(patient)
    with boa.reverts("ecdsa: invalid signature"):
        _file_as(claims, patient, fields, sig[:64] + bytes([29]))


def test_file_claim__signer_not_a_notary(claims, patient, diagnose):
    fields, sig = diagnose(patient, key=Key.new())
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, patient, fields, sig)


def test_file_claim__by_second_notary(claims, plan, patient, diagnose):
    fields, sig = diagnose(patient, key=plan.notaries[1])
    assert _file_as(claims, patient, fields, sig) == 1


def test_file_claim__notary_removed(claims, plan, patient, diagnose):
    fields, sig = diagnose(patient)
    with boa.env.prank(plan.governance):
        plan.config.set_notary(plan.notaries[0].address, False)
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, patient, fields, sig)


@pytest.mark.parametrize("target", ["other_chain", "other_contract"])
def test_file_claim__signed_for_another_domain(claims, plan, patient, diagnose, target):
    if target == "other_chain":
        fields, sig = diagnose(patient, chain_id=plan.chain_id + 1)
    else:
        fields, sig = diagnose(patient, contract=plan.pool.address)
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, patient, fields, sig)


def test_file_claim__signed_for_another_patient(claims, world, patient, diagnose):
    fields, sig = diagnose(patient)
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, world.other_patient, fields, sig)


def test_file_claim__with_another_members_identity(claims, world, patient, diagnose):
    fields, sig = diagnose(patient, commitment=diagnose(world.other_patient)[0][0])
    with (
        boa.env.prank(patient),
        boa.reverts(
            "claims: identity commitment is not the patient's: use the one in your admission"
        ),
    ):
        claims.file_claim(*fields, sig)


def test_file_claim__with_an_unknown_identity(claims, patient, diagnose):
    fields, sig = diagnose(patient, commitment=b"\x77" * 32)
    with (
        boa.env.prank(patient),
        boa.reverts(
            "claims: identity commitment is not the patient's: use the one in your admission"
        ),
    ):
        claims.file_claim(*fields, sig)


def test_file_claim__replayed(claims, operator, patient, diagnose):
    fields, sig = diagnose(patient)
    claim_id = _file_as(claims, patient, fields, sig)
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x01" * 32)
    # the nonce moved on: the same signature no longer recovers to a notary
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, patient, fields, sig)


def test_file_claim__stale_nonce(claims, patient, diagnose):
    fields, sig = diagnose(patient, nonce=claims.nonces(patient) + 1)
    with boa.reverts(NOT_NOTARY):
        _file_as(claims, patient, fields, sig)


def test_file_claim__not_a_member(claims, alice, diagnose):
    fields, sig = diagnose(alice)
    with boa.reverts("claims: patient is not covered"):
        _file_as(claims, alice, fields, sig)


def test_file_claim__after_exit(claims, pool, patient, diagnose):
    with boa.env.prank(patient):
        pool.exit()
    fields, sig = diagnose(patient)
    with boa.reverts("claims: patient is not covered"):
        _file_as(claims, patient, fields, sig)


def _newcomer(plan, n=77):
    member = boa.env.generate_address(f"newcomer-{n}")
    join(plan, member, n, tier=1, region=CITY, amount=100 * TOKEN)
    waiting_ends = plan.pool.coverage(member)[3]
    return member, waiting_ends


def test_file_claim__at_the_end_of_the_waiting_period(claims, plan, diagnose):
    member, waiting_ends = _newcomer(plan)
    boa.env.time_travel(seconds=waiting_ends - now())
    fields, sig = diagnose(member, first_consultation=waiting_ends, diagnosed_at=waiting_ends)
    assert _file_as(claims, member, fields, sig) == 1


def test_file_claim__within_the_waiting_period(claims, plan, diagnose):
    member, waiting_ends = _newcomer(plan)
    boa.env.time_travel(seconds=waiting_ends - now() - 1)
    fields, sig = diagnose(member, first_consultation=now() - 1, diagnosed_at=now())
    with boa.reverts("claims: waiting period not over"):
        _file_as(claims, member, fields, sig)


def test_file_claim__first_consultation_within_the_waiting_period(claims, plan, diagnose):
    member, waiting_ends = _newcomer(plan)
    boa.env.time_travel(seconds=waiting_ends - now() + DAY)
    fields, sig = diagnose(member, first_consultation=waiting_ends - 1)
    with boa.reverts("claims: first consultation within the waiting period"):
        _file_as(claims, member, fields, sig)
    fields, sig = diagnose(member, first_consultation=waiting_ends)
    assert _file_as(claims, member, fields, sig) == 1


def test_file_claim__first_consultation_after_diagnosis(claims, patient, diagnose):
    fields, sig = diagnose(patient, first_consultation=now() - 10, diagnosed_at=now() - 11)
    with boa.reverts("claims: first consultation after the diagnosis"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__diagnosed_now(claims, patient, diagnose):
    fields, sig = diagnose(patient, diagnosed_at=now())
    assert _file_as(claims, patient, fields, sig) == 1


def test_file_claim__diagnosis_in_the_future(claims, patient, diagnose):
    fields, sig = diagnose(patient, diagnosed_at=now() + 1)
    with boa.reverts("claims: diagnosis in the future"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__document_used_before(claims, operator, world, patient, diagnose):
    fields, sig = diagnose(patient, document=b"\x33" * 32)
    claim_id = _file_as(claims, patient, fields, sig)
    with boa.env.prank(operator):
        claims.reject_claim(claim_id, b"\x01" * 32)
    fields, sig = diagnose(patient, document=b"\x33" * 32)
    with boa.reverts("claims: document already used"):
        _file_as(claims, patient, fields, sig)
    fields, sig = diagnose(world.other_patient, document=b"\x33" * 32)
    with boa.reverts("claims: document already used"):
        _file_as(claims, world.other_patient, fields, sig)


def test_file_claim__second_open_claim(claims, patient, diagnose):
    fields, sig = diagnose(patient, document=b"\x01" * 32)
    _file_as(claims, patient, fields, sig)
    fields, sig = diagnose(patient, document=b"\x02" * 32)
    with boa.reverts("claims: patient already has an open claim"):
        _file_as(claims, patient, fields, sig)


def test_file_claim__again_after_a_rejection(claims, operator, patient, diagnose):
    fields, sig = diagnose(patient, document=b"\x01" * 32)
    first = _file_as(claims, patient, fields, sig)
    with boa.env.prank(operator):
        claims.reject_claim(first, b"\x01" * 32)
    fields, sig = diagnose(patient, document=b"\x02" * 32)
    assert _file_as(claims, patient, fields, sig) == first + 1
    assert claims.open_claim_of(patient) == first + 1


def test_file_claim__two_patients_at_once(claims, world, patient, diagnose):
    fields, sig = diagnose(patient, document=b"\x01" * 32)
    _file_as(claims, patient, fields, sig)
    fields, sig = diagnose(world.other_patient, document=b"\x02" * 32)
    assert _file_as(claims, world.other_patient, fields, sig) == 2


def test_deploy__domain_and_wiring(claims, plan):
    _, name, version, chain_id, contract, _, _ = claims.eip712Domain()
    assert (name, version, chain_id, contract) == (
        "lashou Claims",
        "1",
        plan.chain_id,
        claims.address,
    )
    assert (claims.CONFIG(), claims.POOL(), claims.WITNESSES()) == (
        plan.config.address,
        plan.pool.address,
        plan.witnesses.address,
    )


def test_deploy__zero_addresses(plan):
    deploy = plan.claims.deployer.deploy  # the compiled contract, deployed again
    zero = boa.eval("empty(address)")
    c, p, w = plan.config.address, plan.pool.address, plan.witnesses.address
    with boa.reverts("claims: config is the zero address"):
        deploy(zero, p, w)
    with boa.reverts("claims: pool is the zero address"):
        deploy(c, zero, w)
    with boa.reverts("claims: witnesses is the zero address"):
        deploy(c, p, zero)
