//! A minimal JSON Schema check for the schemas in `schema/`, shared by the tests that
//! validate what the library writes (reports, capture manifests).

use serde_json::Value;

/// Validates `v` against the subset of JSON Schema the schemas in `schema/` use (type, enum,
/// const, required, properties, additionalProperties, items, oneOf, $ref to $defs,
/// minimum, maximum, minLength, maxLength, maxItems, pattern, propertyNames);
/// returns the paths that do not fit.
pub fn validate(schema: &Value, root: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(&root["$defs"][name], root, v, path, errors);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                validate(o, root, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if fits != 1 {
            errors.push(format!("{path}: fits {fits} of oneOf"));
        }
        return;
    }
    if let Some(c) = schema.get("const").filter(|c| *c != v) {
        errors.push(format!("{path}: not {c}"));
    }
    if let Some(e) = schema
        .get("enum")
        .and_then(Value::as_array)
        .filter(|e| !e.contains(v))
    {
        errors.push(format!("{path}: {v} not in enum {e:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            _ => false,
        });
        if !ok {
            errors.push(format!("{path}: {v} is not {types:?}"));
            return;
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_i64), v.as_i64())
        && n < min
    {
        errors.push(format!("{path}: {n} < {min}"));
    }
    let number = |key: &str| schema.get(key).and_then(Value::as_i64);
    if let (Some(max), Some(n)) = (number("maximum"), v.as_i64())
        && n > max
    {
        errors.push(format!("{path}: {n} > {max}"));
    }
    if let Some(text) = v.as_str() {
        let chars = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
        if number("minLength").is_some_and(|min| chars < min)
            || number("maxLength").is_some_and(|max| chars > max)
        {
            errors.push(format!("{path}: length {chars} out of bounds"));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            let re = regex::Regex::new(pattern).expect("schema pattern compiles");
            if !re.is_match(text) {
                errors.push(format!("{path}: {text:?} does not match {pattern}"));
            }
        }
    }
    if let (Some(max), Some(a)) = (number("maxItems"), v.as_array())
        && i64::try_from(a.len()).unwrap_or(i64::MAX) > max
    {
        errors.push(format!("{path}: more than {max} items"));
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{path}: missing {r}"));
            }
        }
        if let Some(names) = schema.get("propertyNames") {
            for k in obj.keys() {
                validate(
                    names,
                    root,
                    &Value::String(k.clone()),
                    &format!("{path}.{k}"),
                    errors,
                );
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, value) in obj {
            let sub = props.and_then(|p| p.get(k));
            match (sub, schema.get("additionalProperties")) {
                (Some(s), _) => validate(s, root, value, &format!("{path}.{k}"), errors),
                (None, Some(Value::Bool(false))) => errors.push(format!("{path}: unexpected {k}")),
                (None, Some(s @ Value::Object(_))) => {
                    validate(s, root, value, &format!("{path}.{k}"), errors)
                }
                _ => {}
            }
        }
    }
    if let (Some(items), Some(a)) = (schema.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            validate(items, root, x, &format!("{path}[{i}]"), errors);
        }
    }
}
