# Small helpers for reading snapshot data, shared by every check.
package irscan.lib.values

# list is v when it is an array, else []: Go marshals a nil slice as null and Google omits
# empty repeated fields.
list(v) := v if is_array(v)

else := []

# filled holds for a string that is not empty or blank.
filled(s) if {
	is_string(s)
	trim_space(s) != ""
}

# last_segment is the text after the last "/" of a resource name or ID.
last_segment(s) := parts[count(parts) - 1] if {
	parts := split(s, "/")
}

# field is obj[key], or def when the key is absent or obj is not an object.
field(obj, key, def) := object.get(obj, key, def) if is_object(obj)

else := def
