// Past 32 routes `api!` gathers them in two levels; a path with no `#[route]` is reported the same.
use gatewright::prelude::*;

macro_rules! routes {
    ($($name:ident $path:literal)*) => {
        $(
            #[route(GET, $path)]
            fn $name() -> &'static str {
                $path
            }
        )*
    };
}

routes! {
    r0 "/0" r1 "/1" r2 "/2" r3 "/3" r4 "/4" r5 "/5" r6 "/6" r7 "/7" r8 "/8" r9 "/9"
    r10 "/10" r11 "/11" r12 "/12" r13 "/13" r14 "/14" r15 "/15" r16 "/16" r17 "/17" r18 "/18"
    r19 "/19" r20 "/20" r21 "/21" r22 "/22" r23 "/23" r24 "/24" r25 "/25" r26 "/26" r27 "/27"
    r28 "/28" r29 "/29" r30 "/30" r31 "/31" r32 "/32" r33 "/33" r34 "/34"
}

fn helper() -> &'static str {
    "not a route"
}

fn main() {
    let _api = gatewright::api!(
        r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19,
        r20, r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31, r32, r33, helper, r34
    );
}
