//! What the local server puts in every event that API Gateway would have filled in from its
//! own configuration: the stage variables, and who the caller is as an authorizer would say.
//! Read once from the environment when the server starts; a malformed value stops it there.

use lambda_runtime::Error;
use serde_json::{Map, Value};

use crate::event::synthetic::Identity;

/// The environment variable that sets the local server's stage variables, as
/// `name=value,name=value`.
pub const STAGE_VARIABLES_ENV: &str = "GATEWRIGHT_STAGE_VARIABLES";

/// The environment variable that sets the claims every local request carries (a JSON object),
/// as a Cognito user pool authorizer would pass them, so that `Claims<T>` handlers can be
/// tried with `cargo run`.
pub const CLAIMS_ENV: &str = "GATEWRIGHT_CLAIMS";

/// The environment variable that sets the scopes of every local request's token, separated by
/// spaces (`notes/read notes/write`), read by `Scopes`.
pub const SCOPES_ENV: &str = "GATEWRIGHT_SCOPES";

/// The environment variable that sets the ARN of the IAM caller every local request comes
/// from, read by `IamCaller`.
pub const IAM_CALLER_ENV: &str = "GATEWRIGHT_IAM_CALLER";

/// The stage variables and the caller's identity of every event the local server builds.
#[derive(Debug, Default)]
pub struct LocalEnv {
    pub stage_variables: Vec<(String, String)>,
    pub identity: Identity,
}

impl LocalEnv {
    /// Reads the variables above; unset ones leave their part empty.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        };
        Ok(LocalEnv {
            stage_variables: var(STAGE_VARIABLES_ENV)
                .map(|spec| stage_variables(&spec))
                .transpose()?
                .unwrap_or_default(),
            identity: Identity {
                claims: var(CLAIMS_ENV).map(|text| claims(&text)).transpose()?,
                scopes: var(SCOPES_ENV)
                    .map(|text| text.split_whitespace().map(str::to_owned).collect()),
                lambda: None,
                iam_arn: var(IAM_CALLER_ENV).map(|arn| arn.trim().to_owned()),
            },
        })
    }
}

fn stage_variables(spec: &str) -> Result<Vec<(String, String)>, Error> {
    spec.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                format!("`{STAGE_VARIABLES_ENV}` must be `name=value,name=value`, but has {pair:?}")
            })?;
            Ok((name.trim().to_owned(), value.to_owned()))
        })
        .collect()
}

fn claims(text: &str) -> Result<Map<String, Value>, Error> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(claims)) => Ok(claims),
        Ok(_) => {
            Err(format!("`{CLAIMS_ENV}` must be a JSON object, such as {{\"sub\":\"ann\"}}").into())
        }
        Err(err) => Err(format!("`{CLAIMS_ENV}` is not JSON: {err}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_part_and_refuses_what_is_malformed() {
        assert_eq!(
            stage_variables("a=1, b = x=y ,").unwrap(),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), " x=y ".to_owned())
            ]
        );
        assert!(stage_variables("a")
            .unwrap_err()
            .to_string()
            .contains("name=value"));
        assert_eq!(claims(r#"{"sub":"ann","n":1}"#).unwrap()["n"], 1);
        assert!(claims("[1]")
            .unwrap_err()
            .to_string()
            .contains("JSON object"));
        assert!(claims("{").unwrap_err().to_string().contains("is not JSON"));
    }
}
