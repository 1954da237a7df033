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
/// renders one object, so this one answers each name from the content first, then from
/// the frame, as a context stack of the two would. Both are read through Mirror once, when
/// the page is rendered, not once per name the template asks for.
struct PageContext: MustacheParent {
    let content: any PageContent
    let frame: PageFrame
    /// Every property of frame and content that is not nil, the content's last.
    private let values: [String: Any]

    init(content: any PageContent, frame: PageFrame) {
        self.content = content
        self.frame = frame
        var values: [String: Any] = [:]
        for value in [frame, content] as [Any] {
            for child in Mirror(reflecting: value).children {
                guard let label = child.label, let found = Self.unwrapped(child.value) else { continue }
                values[label] = found
            }
        }
        self.values = values
    }

    func child(named name: String) -> Any? { values[name] }

    /// A property's value as Mustache reads it: an Optional's wrapped value, nil for nil.
    static func unwrapped(_ value: Any) -> Any? {
        let optional = Mirror(reflecting: value)
        guard optional.displayStyle == .optional else { return value }
        return optional.children.first?.value
    }

    /// Names both content and frame have: the content's would hide the frame's, so none may
    /// (WebPage.render asserts it).
    var shadowed: Set<String> {
        let names = { (value: Any) in Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        return names(content).intersection(names(frame))
    }
}
