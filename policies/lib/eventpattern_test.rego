# The matcher against the examples of the EventBridge user guide ("Creating event patterns",
# "Comparison operators for use in event patterns"; the patterns and the fields they test,
# restated), each with an event it matches and one it does not.
package irscan.lib.eventpattern_test

import data.irscan.lib.eventpattern as ep

# The user guide's sample EC2 state-change event, abridged.
ec2_event := {
	"version": "0",
	"id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
	"detail-type": "EC2 Instance State-change Notification",
	"source": "aws.ec2",
	"account": "111122223333",
	"time": "2017-12-22T18:43:48Z",
	"region": "us-west-1",
	"resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
	"detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 3, "x-limit": 301.8},
}

test_literal_and_or if {
	ep.matches({"source": ["aws.ec2"], "detail": {"state": ["running", "terminated"]}}, ec2_event)
	not ep.matches({"source": ["aws.ec2"], "detail": {"state": ["running", "pending"]}}, ec2_event)
}

test_leaves_are_anded if {
	not ep.matches({"source": ["aws.ec2"], "detail-type": ["Something else"]}, ec2_event)
}

test_event_array_matches_any_element if {
	ep.matches({"resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]}, ec2_event)
	ep.matches({"a": ["x"]}, {"a": ["w", "x"]})
	ep.matches({"a": {"b": ["x"]}}, {"a": [{"b": "w"}, {"b": "x"}]})
}

test_prefix if {
	ep.matches({"time": [{"prefix": "2017-12-22"}]}, ec2_event)
	not ep.matches({"time": [{"prefix": "2017-10-02"}]}, ec2_event)
	ep.matches({"source": [{"prefix": "aws."}]}, ec2_event)
}

test_prefix_ignore_case if {
	ep.matches({"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}, {"detail": {"service": "eventbridge"}})
	not ep.matches({"detail": {"service": [{"prefix": "EventB"}]}}, {"detail": {"service": "eventbridge"}})
}

test_suffix if {
	ep.matches({"FileName": [{"suffix": ".png"}]}, {"FileName": "image.png"})
	not ep.matches({"FileName": [{"suffix": ".png"}]}, {"FileName": "image.PNG"})
	ep.matches({"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}, {"FileName": "image.PNG"})
}

test_equals_ignore_case if {
	ep.matches({"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]}, ec2_event)
	not ep.matches({"detail-type": ["ec2 instance state-change notification"]}, ec2_event)
}

test_wildcard if {
	ep.matches({"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}, {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/central"})
	not ep.matches({"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}, {"EventBusArn": "arn:aws:events:eu-west-1:123456789012:event-bus/central"})
	ep.matches({"f": [{"wildcard": "dir/*.png"}]}, {"f": "dir/a.b.png"})
	not ep.matches({"f": [{"wildcard": "dir/*.png"}]}, {"f": "dirXa.png"})

	# \* is a literal star; a dot is a dot.
	ep.matches({"f": [{"wildcard": `a\*b`}]}, {"f": "a*b"})
	not ep.matches({"f": [{"wildcard": `a\*b`}]}, {"f": "axb"})
}

test_anything_but if {
	ep.matches({"detail": {"state": [{"anything-but": "initializing"}]}}, ec2_event)
	not ep.matches({"detail": {"state": [{"anything-but": "terminated"}]}}, ec2_event)
	ep.matches({"detail": {"x-limit": [{"anything-but": 123}]}}, ec2_event)
	not ep.matches({"detail": {"state": [{"anything-but": ["stopped", "terminated"]}]}}, ec2_event)
	not ep.matches({"region": [{"anything-but": {"prefix": "us-"}}]}, ec2_event)
	ep.matches({"FileName": [{"anything-but": {"suffix": ".png"}}]}, {"FileName": "a.txt"})
	not ep.matches({"detail": {"state": [{"anything-but": {"equals-ignore-case": "TERMINATED"}}]}}, ec2_event)
	not ep.matches({"detail": {"state": [{"anything-but": {"equals-ignore-case": ["x", "Terminated"]}}]}}, ec2_event)
	not ep.matches({"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}, {"FilePath": "/usr/lib/x"})
	ep.matches({"FilePath": [{"anything-but": {"wildcard": ["*/lib/*", "*/bin/*"]}}]}, {"FilePath": "/home/x"})

	# A missing field is not "anything but".
	not ep.matches({"detail": {"missing": [{"anything-but": "initializing"}]}}, ec2_event)
}

test_numeric if {
	ep.matches({"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 301.8]}]}}, ec2_event)
	not ep.matches({"detail": {"c-count": [{"numeric": [">", 5]}]}}, ec2_event)
	not ep.matches({"detail": {"state": [{"numeric": [">", 0]}]}}, ec2_event)
}

test_exists if {
	ep.matches({"detail": {"state": [{"exists": true}]}}, ec2_event)
	not ep.matches({"detail": {"state": [{"exists": false}]}}, ec2_event)
	ep.matches({"detail": {"missing": [{"exists": false}]}}, ec2_event)
	not ep.matches({"detail": {"missing": [{"exists": true}]}}, ec2_event)
}

test_empty_and_null if {
	ep.matches({"LastName": [""]}, {"LastName": ""})
	ep.matches({"UserID": [null]}, {"UserID": null})
	not ep.matches({"UserID": [null]}, {"UserID": "x"})
	not ep.matches({"n": ["1"]}, {"n": 1})
}

test_or if {
	p := {"source": ["aws.ec2"], "$or": [{"detail": {"c-count": [{"numeric": [">", 10]}]}}, {"detail": {"state": ["terminated"]}}]}
	ep.matches(p, ec2_event)
	not ep.matches(p, json.patch(ec2_event, [{"op": "replace", "path": "/detail/state", "value": "running"}]))
}

test_nested_or_is_not_understood if {
	p := {"$or": [{"a": ["x"]}, {"$or": [{"b": ["y"]}]}]}
	not ep.supported(p)
	not ep.matches(p, {"a": "x"})
}

test_cidr_never_matches if {
	not ep.matches({"ip": [{"cidr": "10.0.0.0/24"}]}, {"ip": "10.0.0.1"})
}

test_unknown_anything_but_excludes_all if {
	not ep.matches({"a": [{"anything-but": {"cidr": "10.0.0.0/8"}}]}, {"a": "192.168.0.1"})
}

test_empty_pattern_is_not_understood if {
	not ep.supported({})
	not ep.matches({}, ec2_event)
}

test_selects_leaves_undescribed_fields_free if {
	t := {"source": "aws.guardduty", "detail": {"severity": [7, 8]}}
	ep.selects({"source": ["aws.guardduty"], "detail": {"type": [{"prefix": "UnauthorizedAccess:"}], "severity": [{"numeric": [">=", 7]}]}}, t)
	not ep.selects({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": ["<", 4]}]}}, t)
	not ep.selects({"source": ["aws.guardduty"], "detail": {"severity": [{"exists": false}]}}, t)
	ep.selects({"source": ["aws.guardduty"], "detail": {"resource": [{"exists": false}]}}, t)
	not ep.selects({"source": ["aws.guardduty"], "detail": {"type": []}}, t)
	not ep.matches({"source": ["aws.guardduty"], "detail": {"type": [{"prefix": "UnauthorizedAccess:"}]}}, t)
}
