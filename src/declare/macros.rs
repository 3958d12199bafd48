/// Declares a struct of optional properties with its property table and JSON Schema.
///
/// See the [module documentation](crate::declare) for the four views. Syntax:
///
/// ```
/// semantic_events::object! {
///     /// A shipping address.
///     pub struct Address {
///         /// Street and number.
///         street: String,
///         /// Postal code, as written locally.
///         postal_code ("postalCode"): String,
///         /// Floor, 0 for the ground floor.
///         floor: u64 [max(200.0)],
///     }
/// }
/// let a = Address { floor: Some(2), ..Default::default() };
/// assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::json!({"floor": 2}));
/// ```
///
/// Each field is `name ("wireName")?: Type [builder(args), ...]?` where `Type`
/// implements [`Field`](crate::declare::Field) and the builders are
/// [`PropertyDecl`](crate::declare::PropertyDecl)'s methods (`min`,
/// `max`, `format`, `vendors`, `customerio`, `rudderstack`, `dialect`, `shape`).
/// `..name: Type` flattens another declared object into this one.
#[macro_export]
macro_rules! object {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident { $($body:tt)* }
    ) => {
        $crate::object!(@struct [] $(#[doc = $doc])* $vis struct $Name { $($body)* });

        impl $crate::__private::schemars::JsonSchema for $Name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($Name))
            }
            fn json_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::declare::json_schema::object_schema_for_generator(<$Name as $crate::declare::Object>::decl(), generator)
            }
        }
    };
    (
        @struct [$($Event:ident)?]
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident {
            $(..$flat:ident : $FlatTy:ty,)*
            $(
                $(#[doc = $fdoc:expr])*
                $field:ident $(($wire:literal))? : $Ty:ty $([ $($m:ident ( $($arg:expr),* $(,)? )),* $(,)? ])?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Default, $crate::__private::serde::Serialize)]
        #[serde(crate = "semantic_events::__private::serde")]
        $vis struct $Name {
            $(
                #[doc = concat!("Flattened: the properties of [`", stringify!($FlatTy), "`].")]
                #[serde(flatten)]
                pub $flat: $FlatTy,
            )*
            $(
                $(#[doc = $fdoc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                $(#[serde(rename = $wire)])?
                pub $field: ::core::option::Option<$Ty>,
            )*
            /// Properties the declaration does not name (custom properties), kept as sent.
            #[serde(flatten)]
            pub extra: $crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>,
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $Name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let mut map = <$crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>
                    as $crate::__private::serde::Deserialize>::deserialize(d)?;
                <$Name as $crate::declare::Object>::take(&mut map, false)
                    .map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }

        impl $crate::declare::Object for $Name {
            fn take(
                map: &mut $crate::__private::serde_json::Map<::std::string::String, $crate::__private::serde_json::Value>,
                flattened: bool,
            ) -> ::core::result::Result<Self, $crate::__private::serde_json::Error> {
                ::core::result::Result::Ok($Name {
                    $( $flat: <$FlatTy as $crate::declare::Object>::take(map, true)?, )*
                    $( $field: $crate::declare::take_field::<$Ty>(
                        map,
                        $crate::declare::wire_name(stringify!($field), &[$($wire)?]),
                    )?, )*
                    extra: if flattened { ::core::default::Default::default() } else { ::core::mem::take(map) },
                })
            }

            $(
                fn event_decl() -> ::core::option::Option<&'static $crate::declare::EventDecl> {
                    ::core::option::Option::Some(<$Event as $crate::declare::Event>::decl())
                }
            )?

            fn decl() -> &'static $crate::declare::ObjectDecl {
                static DECL: ::std::sync::LazyLock<$crate::declare::ObjectDecl> = ::std::sync::LazyLock::new(|| {
                    let props: ::std::vec::Vec<$crate::declare::PropertyDecl> = ::std::iter::empty()
                        $( .chain(<$FlatTy as $crate::declare::Object>::decl().props.iter().cloned()) )*
                        .chain([$(
                            $crate::declare::PropertyDecl::new::<$Ty>(
                                $crate::declare::wire_name(stringify!($field), &[$($wire)?]),
                                $crate::declare::doc_text(&[$($fdoc),*]),
                            )
                            $($(.$m($($arg),*))*)?
                        ),*])
                        .collect();
                    $crate::declare::ObjectDecl::new(
                        stringify!($Name),
                        $crate::declare::doc_text(&[$($doc),*]),
                        props,
                    )
                });
                &DECL
            }
        }

        impl $crate::declare::Field for $Name {
            fn shape() -> $crate::declare::Shape {
                $crate::declare::Shape::Object(<$Name as $crate::declare::Object>::decl())
            }
        }

    };
}

/// Declares a semantic event: its properties struct, property table, name,
/// aliases and JSON Schema, in one place.
///
/// ```
/// semantic_events::event! {
///     /// A user logged in.
///     pub struct Login {
///         const NAME = "Logged In";
///         const CATEGORY = Custom;
///         const ALIASES = ["login"];
///         const RECOMMENDED = [["username"]];
///         /// Login name.
///         username: String,
///     }
/// }
/// use semantic_events::Event;
/// assert_eq!(Login::NAME, "Logged In");
/// assert_eq!(Login::decl().aliases, &["login"]);
/// ```
///
/// After the `const` header (`NAME` and `CATEGORY` required; `ALIASES`,
/// `VENDOR_ALIASES = [CustomerIo: "…"]`, `VENDORS = [Segment, …]` and
/// `RECOMMENDED = [["a", "b"], ["c"]]` optional, in that order) come the fields,
/// exactly as in [`object!`](crate::object).
#[macro_export]
macro_rules! event {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $Name:ident {
            const NAME = $wire:literal;
            const CATEGORY = $Cat:ident;
            $($rest:tt)*
        }
    ) => {
        $crate::event!(@opts [$(#[doc = $doc])*] [$vis] [$Name] [$wire] [$Cat] [] [] [] [] [] [] $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt [] $va:tt $ve:tt $r:tt $ru:tt $an:tt
        const ALIASES = [$($alias:literal),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c [$($alias),*] $va $ve $r $ru $an $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt [] $ve:tt $r:tt $ru:tt $an:tt
        const VENDOR_ALIASES = [$($vd:ident : $valias:literal),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a [$(($vd, $valias)),*] $ve $r $ru $an $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt [] $r:tt $ru:tt $an:tt
        const VENDORS = [$($vendor:ident),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va [$($vendor),*] $r $ru $an $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt $ve:tt [] $ru:tt $an:tt
        const RECOMMENDED = [$([$($rec:literal),+ $(,)?]),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va $ve [$([$($rec),+]),*] $ru $an $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt $ve:tt $r:tt [] $an:tt
        const RULES = [$($rule:expr),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va $ve $r [$($rule),*] $an $($rest)*);
    };
    (@opts $d:tt $v:tt $n:tt $w:tt $c:tt $a:tt $va:tt $ve:tt $r:tt $ru:tt []
        const ANONYMOUS_IN = [$($anon:ident),* $(,)?]; $($rest:tt)*) => {
        $crate::event!(@opts $d $v $n $w $c $a $va $ve $r $ru [$($anon),*] $($rest)*);
    };
    (@opts [$(#[doc = $doc:expr])*] [$vis:vis] [$Name:ident] [$wire:literal] [$Cat:ident]
        [$($alias:literal),*] [$(($vd:ident, $valias:literal)),*] [$($vendor:ident),*]
        [$([$($rec:literal),+]),*] [$($rule:expr),*] [$($anon:ident),*] $($body:tt)*) => {
        $crate::object! {
            @struct [$Name]
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!("Wire name: `\"", $wire, "\"`.")]
            $vis struct $Name { $($body)* }
        }

        impl $crate::__private::schemars::JsonSchema for $Name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($Name))
            }
            fn json_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::declare::json_schema::event_schema_for_generator(<$Name as $crate::declare::Event>::decl(), generator)
            }
        }

        impl $crate::declare::Event for $Name {
            const NAME: &'static str = $wire;
            const CATEGORY: $crate::declare::Category = $crate::declare::Category::$Cat;
            fn decl() -> &'static $crate::declare::EventDecl {
                static DECL: ::std::sync::LazyLock<$crate::declare::EventDecl> = ::std::sync::LazyLock::new(|| {
                    $crate::declare::EventDecl {
                        name: $wire,
                        category: $crate::declare::Category::$Cat,
                        doc: $crate::declare::doc_text(&[$($doc),*]),
                        aliases: &[$($alias),*],
                        vendor_aliases: &[$(($crate::declare::Dialect::$vd, $valias)),*],
                        vendors: $crate::event!(@vendors $($vendor),*),
                        recommended: &[$(&[$($rec),+]),*],
                        properties: <$Name as $crate::declare::Object>::decl(),
                        rules: {
                            #[allow(unused_imports)]
                            use $crate::declare::{FieldRule, Vendors};
                            static RULES: &[$crate::declare::FieldRule] = &[$($rule),*];
                            RULES
                        },
                        anonymous_in: $crate::declare::Vendors::of(&[$($crate::declare::Dialect::$anon),*]),
                    }
                });
                &DECL
            }
        }
    };
    (@vendors) => { $crate::declare::Vendors::ALL };
    (@vendors $($vendor:ident),+) => {
        $crate::declare::Vendors::of(&[$($crate::declare::Dialect::$vendor),+])
    };
}

/// Declares a closed set of string values as a Rust enum that serialises to them
/// and knows its [`Shape::Enum`](crate::declare::Shape::Enum).
#[macro_export]
macro_rules! string_enum {
    (
        $(#[doc = $doc:expr])*
        $vis:vis enum $Name:ident {
            $( $(#[doc = $vdoc:expr])* $Variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, $crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "semantic_events::__private::serde")]
        $vis enum $Name {
            $( $(#[doc = $vdoc])* #[serde(rename = $wire)] $Variant, )*
        }

        impl $Name {
            /// Every value, in declaration order, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The wire value.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$Variant => $wire,)* }
            }
        }

        impl $crate::declare::Field for $Name {
            fn shape() -> $crate::declare::Shape {
                $crate::declare::Shape::Enum(Self::VALUES)
            }
        }
    };
}
