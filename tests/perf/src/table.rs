//! Reading `github-routes.txt`, shared by `build.rs` (which generates the gatewright routes)
//! and `benches/routes.rs` (which builds the matchit router and the concrete paths).

// Each includer uses part of it.
#![allow(dead_code)]

/// The routes of the table, in order: every line that is neither empty nor a `#` comment.
pub fn routes(table: &str) -> Vec<&str> {
    table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// `route` in a form both routers accept, with the same meaning for each.
///
/// The table, like matchit's own benchmark it comes from, has two quirks that gatewright
/// (like API Gateway) cannot express: six routes glue a parameter to a literal inside one
/// segment (`/orgs/{p1}/members{p2}`: a slash lost from GitHub's `/orgs/:org/members/:user`),
/// and one ends with `/` (`/repos/{p1}/{p2}/milestones/`). Normalized, the parameter gets its
/// own segment and the trailing `/` goes (gatewright ignores one trailing `/` anyway).
pub fn normalize(route: &str) -> String {
    let route = route.strip_suffix('/').unwrap_or(route);
    let mut out = String::with_capacity(route.len() + 1);
    for segment in route.split('/').skip(1) {
        out.push('/');
        match segment.find('{') {
            Some(at) if at > 0 => {
                out.push_str(&segment[..at]);
                out.push('/');
                out.push_str(&segment[at..]);
            }
            _ => out.push_str(segment),
        }
    }
    out
}

/// `route` (in matchit's syntax, `{pN}`) in gatewright's syntax (`<pN>`), and its parameters.
pub fn to_gatewright(route: &str) -> (String, Vec<&str>) {
    let mut template = String::with_capacity(route.len());
    let mut params = Vec::new();
    for segment in route.split('/').skip(1) {
        template.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                template.push('<');
                template.push_str(param);
                template.push('>');
                params.push(param);
            }
            None => template.push_str(segment),
        }
    }
    (template, params)
}

/// A concrete path for `route`: each `{pN}` replaced by a sample value that is a literal
/// nowhere in the table, so the path can only match its own route.
pub fn concrete(route: &str) -> String {
    let mut out = route.to_owned();
    for (param, value) in [
        ("{p1}", "octocat"),
        ("{p2}", "hello-world"),
        ("{p3}", "42"),
        ("{p4}", "7"),
    ] {
        out = out.replace(param, value);
    }
    assert!(!out.contains('{'), "unexpected parameter in {route}");
    out
}
