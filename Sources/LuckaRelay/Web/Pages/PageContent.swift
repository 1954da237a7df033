import Mustache

/// A page's own values, one type per template: its stored properties are the template's
/// keys, named exactly so. swift-mustache reads a struct through Mirror, by property name;
/// an Optional that is nil counts as missing (the lookup goes on to the enclosing contexts),
/// and false, nil or an empty array hide a `{{#section}}`. Mustache shows a section for
/// any String, the empty one too: a text that switches a section (the `…Lang` markers, a
/// sentence shown only sometimes) is a `String?`, nil when absent, never "".
protocol PageContent: Sendable {
    /// The template in WebTemplates that renders this content.
    static var template: String { get }
    /// How long the single-use tokens of the page's forms live (FormTokens).
    static var formLife: FormTokens.Life { get }
}

extension PageContent {
    /// Most pages' forms may carry or reveal a conversation: minutes.
    static var formLife: FormTokens.Life { .conversation }
}

/// What a template is rendered with: the page's content over its frame. swift-mustache
/// renders one object, so this one looks each name up in the content first, then in the
/// frame, as a context stack of the two would.
struct PageContext: MustacheParent {
    let content: any PageContent
    let frame: PageFrame

    func child(named name: String) -> Any? {
        Self.property(name, of: content) ?? Self.property(name, of: frame)
    }

    /// A stored property by its name, as Mustache reads a struct; nil for no such property
    /// or an Optional that is nil.
    static func property(_ name: String, of value: Any) -> Any? {
        guard let found = Mirror(reflecting: value).children.first(where: { $0.label == name })?.value else { return nil }
        let optional = Mirror(reflecting: found)
        guard optional.displayStyle == .optional else { return found }
        return optional.children.first?.value
    }

    /// Names both content and frame have: the content's would hide the frame's, so none may
    /// (WebPage.render asserts it).
    var shadowed: Set<String> {
        let names = { (value: Any) in Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        return names(content).intersection(names(frame))
    }
}
