"""moto_server for the kit's local mode, with two fixes and a leash.

Run by scripts/lib/moto.js as `.venv/bin/python scripts/lib/moto_server.py -H 127.0.0.1 -p PORT`.

Fixes (each is where moto 5.2 answers ReplicateKey unlike the KMS API reference,
https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html):
  * ReplicateKey ignores the request's Policy, Description and Tags: the replica keeps the
    primary's. The AWS provider then waits for the replica's policy to "propagate" until its
    timeout, so one `aws_kms_replica_key` takes many minutes and then fails. Here the replica
    takes what the request says, as in AWS.
  * The replica is a shallow copy of the primary and shares its mutable parts: its aliases
    (so CreateAlias of the same alias name in the replica's region fails with
    AlreadyExistsException, although aliases are regional), its grants and rotations, and
    its MultiRegionConfiguration (so DescribeKey of the replica flips the primary to
    MultiRegionKeyType REPLICA). Here the replica gets its own.
Nothing else is changed: every other gap stays visible to the tests.

Leash: the server exits when its standard input closes, i.e. when the process that started
it dies, even by SIGKILL, so no emulator outlives its test run or demo.
"""
import copy
import json
import os
import sys
import threading

from moto.kms import models as kms_models
from moto.kms import responses as kms_responses
from moto import server


def _replicate_key(self):
    key_id = self._get_param("KeyId")
    self._validate_key_id(key_id)
    replica_region = self._get_param("ReplicaRegion")
    replica = self.kms_backend.replicate_key(key_id, replica_region)
    target = kms_models.kms_backends[self.current_account][replica_region]

    replica.multi_region_configuration = copy.deepcopy(replica.multi_region_configuration)
    replica.multi_region_configuration["MultiRegionKeyType"] = "REPLICA"
    replica.aliases = {}
    replica.grants = {}
    replica.rotations = []
    policy = self._get_param("Policy")
    if policy:
        replica.policy = policy
    description = self._get_param("Description")
    if description is not None:
        replica.description = description
    tags = self._get_param("Tags") or []
    if tags:
        target.tagger.tag_resource(replica.id, tags)
    return json.dumps(
        {
            "ReplicaKeyMetadata": replica.to_dict()["KeyMetadata"],
            "ReplicaPolicy": replica.policy,
            "ReplicaTags": tags,
        }
    )


def _exit_when_parent_goes():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)


if __name__ == "__main__":
    kms_responses.KmsResponse.replicate_key = _replicate_key
    threading.Thread(target=_exit_when_parent_goes, daemon=True).start()
    server.main(sys.argv[1:])
