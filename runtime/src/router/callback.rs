//! The body shared by every route's callback.
//!
//! `#[route]` has [`__callback_module!`](crate::__callback_module) write, next to the handler, a
//! hidden module of the handler's name holding a `macro_rules!` callback of one arm that
//! passes its route (what the router needs of it) and its shape (what `uri!` needs) to
//! [`__route_callback!`](crate::__route_callback), which does what any callback does: append
//! the route to the table gathered so far and call the next callback, or hand the table to the
//! router generator when it is the last; or, called by `uri!` with `@uri` first, build a path.
//!
//! Written once here rather than in every callback, since each route's output is expanded
//! again, resolved and hashed on every `cargo check`: what each route writes is what the edit
//! loop pays for.

/// `{ route } { shape } input...`: see the module's documentation. An empty route (a route
/// with errors, already reported) adds nothing to the table, and its `uri!` is an empty string.
#[doc(hidden)]
#[macro_export]
macro_rules! __route_callback {
    ({ $($route:tt)* } { } @uri $($input:tt)*) => {
        ::std::string::String::new()
    };
    ({ $($route:tt)* } { $($shape:tt)* } @uri $($input:tt)*) => {
        $crate::__private::__uri! { $($shape)* $($input)* }
    };
    ({ } { $($shape:tt)* } [$($me:tt)*] [$($mount:tt)*]
        [{ [$($callee:tt)*] [$($next:tt)*] [$($next_mount:tt)*] } $($rest:tt)*] [$($acc:tt)*]) => {
        $($callee)*! { [$($next)*] [$($next_mount)*] [$($rest)*] [$($acc)*] }
    };
    ({ } { $($shape:tt)* } [$($me:tt)*] [$($mount:tt)*] [] [$($acc:tt)*]) => {
        $crate::__private::__router! { $($acc)* }
    };
    ({ $($route:tt)* } { $($shape:tt)* } [$($me:tt)*] [$($mount:tt)*]
        [{ [$($callee:tt)*] [$($next:tt)*] [$($next_mount:tt)*] } $($rest:tt)*] [$($acc:tt)*]) => {
        $($callee)*! {
            [$($next)*] [$($next_mount)*] [$($rest)*]
            [$($acc)* { [$($me)*] [$($mount)*] $($route)* }]
        }
    };
    ({ $($route:tt)* } { $($shape:tt)* } [$($me:tt)*] [$($mount:tt)*] [] [$($acc:tt)*]) => {
        $crate::__private::__router! { $($acc)* { [$($me)*] [$($mount)*] $($route)* } }
    };
}

/// `$ name { route } { shape }`, or `$ #[allow(non_snake_case)] name ...`: the hidden module
/// named after the handler that `#[route]` writes next to it, holding the route's callback
/// (see the module's documentation). `$` comes in as a token, so that the callback's own
/// metavariables can be written here.
#[doc(hidden)]
#[macro_export]
macro_rules! __callback_module {
    ($d:tt $(#[$attr:meta])* $name:ident $route:tt $shape:tt) => {
        #[doc(hidden)]
        $(#[$attr])*
        pub(crate) mod $name {
            macro_rules! __gatewright_route {
                ($d($d input:tt)*) => {
                    $crate::__private::__route_callback! { $route $shape $d($d input)* }
                }
            }
            pub(crate) use __gatewright_route as route;
        }
    };
}
