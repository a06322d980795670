//! The binary's subcommands, given as its first argument: `routes`, `openapi`, `sam`. Lambda
//! starts `bootstrap` with no argument, so they never collide with serving.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::describe::openapi::{self, Info};
use crate::describe::{routes_table, sam};
use crate::router::{Forwarding, Package, RouteInfo};

/// The exit code of a command line that can't be run: unknown subcommand, extra arguments.
pub(crate) const USAGE_ERROR: u8 = 2;

/// Runs the subcommand in `args` (the program's arguments, the program first), or returns
/// `None` when there is none and the API should be served.
pub(crate) fn run(
    routes: &[RouteInfo],
    package: Package,
    forwarding: Forwarding,
    args: &[OsString],
) -> Option<ExitCode> {
    let subcommand = args.get(1)?;
    let name = api_name(package, args.first().map(Path::new));
    let usage = usage(&name);
    let Some(subcommand) = subcommand.to_str() else {
        return Some(usage_error(
            &format!("unknown subcommand {subcommand:?}"),
            &usage,
        ));
    };
    let options = &args[2..];
    let build = if subcommand == "sam" {
        match sam_build(options) {
            Ok(build) => build,
            Err(message) => return Some(usage_error(&message, &usage)),
        }
    } else if let Some(extra) = options.first() {
        return Some(usage_error(
            &format!("`{subcommand}` takes no arguments, but was given {extra:?}"),
            &usage,
        ));
    } else {
        sam::Build::Prebuilt
    };
    let mut info =
        Info::new(name.clone(), package.version.unwrap_or("0.0.0")).forwarding(forwarding);
    if let Some(description) = package.description {
        info = info.description(description);
    }
    let output = match subcommand {
        "routes" => routes_table::render(routes),
        "openapi" => {
            let document = openapi::document(routes, &info);
            let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
            text.push('\n');
            text
        }
        "sam" => sam::template_for(routes, &info, build),
        "help" | "--help" | "-h" => usage,
        other => {
            return Some(usage_error(
                &format!("unknown subcommand `{other}`; expected `routes`, `openapi` or `sam`"),
                &usage,
            ))
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Some(ExitCode::SUCCESS),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Some(ExitCode::SUCCESS),
        Err(err) => {
            eprintln!("error: cannot write the output: {err}");
            Some(ExitCode::FAILURE)
        }
    }
}

/// `sam`'s options: `--build prebuilt` (the default) or `--build sam`.
fn sam_build(options: &[OsString]) -> Result<sam::Build, String> {
    let options: Vec<&str> = options
        .iter()
        .map(|option| option.to_str().ok_or(format!("unknown option {option:?}")))
        .collect::<Result<_, _>>()?;
    let value = match options.as_slice() {
        [] => return Ok(sam::Build::Prebuilt),
        ["--build", value] => *value,
        [option] if option.starts_with("--build=") => &option["--build=".len()..],
        ["--build"] => return Err("`--build` takes `prebuilt` or `sam`".to_owned()),
        [option, ..] => {
            return Err(format!(
                "`sam` takes `--build prebuilt` or `--build sam`, but was given {option:?}"
            ))
        }
    };
    match value {
        "prebuilt" => Ok(sam::Build::Prebuilt),
        "sam" => Ok(sam::Build::Sam),
        other => Err(format!(
            "`--build` takes `prebuilt` or `sam`, but was given {other:?}"
        )),
    }
}

fn usage_error(message: &str, usage: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{usage}");
    ExitCode::from(USAGE_ERROR)
}

/// The binary's name at compile time; else the program's file name, or its directory's when
/// it is Lambda's `bootstrap` (`target/lambda/hello/bootstrap` is `hello`); else the package's.
fn api_name(package: Package, program: Option<&Path>) -> String {
    if let Some(bin) = package.bin {
        return bin.to_owned();
    }
    let from_program = program.and_then(|program| {
        let stem = program.file_stem()?.to_str()?;
        if stem == "bootstrap" {
            program.parent()?.file_name()?.to_str()
        } else {
            Some(stem)
        }
    });
    from_program.or(package.name).unwrap_or("api").to_owned()
}

fn usage(name: &str) -> String {
    format!(
        "usage: {name} [routes | openapi | sam [--build prebuilt|sam]]

With no argument, {name} serves the API: Lambda invocations when AWS_LAMBDA_RUNTIME_API is set,
HTTP on 127.0.0.1:$PORT (default 3000) otherwise.

  routes    print the route table: methods, path, handler, arguments
  openapi   print the API's OpenAPI 3.0 document (JSON), with API Gateway's extensions
  sam       print an AWS SAM template (YAML) that deploys target/lambda/{name}/ (built by
            `cargo lambda build --release`) behind an API defined by that document;
            with `--build sam`, `sam build` builds the function itself (rust-cargolambda)
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sam_takes_the_build_form() {
        let parse = |args: &[&str]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            sam_build(&args)
        };
        assert_eq!(parse(&[]), Ok(sam::Build::Prebuilt));
        assert_eq!(parse(&["--build", "prebuilt"]), Ok(sam::Build::Prebuilt));
        assert_eq!(parse(&["--build", "sam"]), Ok(sam::Build::Sam));
        assert_eq!(parse(&["--build=sam"]), Ok(sam::Build::Sam));
        assert_eq!(
            parse(&["--build", "docker"]),
            Err("`--build` takes `prebuilt` or `sam`, but was given \"docker\"".to_owned())
        );
        assert!(parse(&["--build"]).is_err());
        assert!(parse(&["--arm64"]).unwrap_err().contains("\"--arm64\""));
        assert!(parse(&["--build", "sam", "x"]).is_err());
    }
}
