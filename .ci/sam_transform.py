"""Runs the SAM transform offline on a template (YAML) and prints the CloudFormation (JSON).

As `sam package` would, the function's local CodeUri becomes an S3 object first (the transform
refuses local paths). No AWS call is made: the template names no managed policy that the
policy loader would have to look up. Errors are printed one a line, exit code 1.
"""

import json
import sys

import yaml
from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """The ManagedPolicyLoader stand-in: no AWS account to ask."""

    def load(self):
        return {}


def main(path):
    with open(path) as f:
        template = yaml.safe_load(f)
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://gatewright-ci/function.zip"
    try:
        output = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as err:
        for cause in err.causes:
            print(f"error: {cause.message}", file=sys.stderr)
        return 1
    json.dump(output, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
