package irscan.checks.aws.test_nometa

findings contains {"resource": "x", "status": "pass", "message": "x."}
