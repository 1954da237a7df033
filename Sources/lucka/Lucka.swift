import ArgumentParser

@main
struct Lucka: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka",
        abstract: "Write to a counselling clinic without giving your name, and read its answer later.",
        discussion: """
            Your words are encrypted on this computer before they leave it. Only the clinic's \
            counsellors can read them. The relay in between cannot, and keeps nothing that \
            shows who you are. There is no account: you get a code instead.

              1. lucka clinics --relay URL
                 See the clinics and how soon they answer.
              2. lucka write --relay URL --clinic NAME --channel self
                 Write your message. You get your code, shown only once.
              3. lucka read --relay URL
                 Come back later, type your code, and read the answer.
                 lucka reply --relay URL     write again in the same conversation
                 lucka delete --relay URL    remove the whole conversation for good

            Your code is asked for without showing it on the screen, and is never put on the \
            command line, so it does not end up in your shell history. Lucka saves nothing on \
            this computer; close the terminal window when you are done if others use it.
            """,
        subcommands: [Clinics.self, Write.self, Read.self, Reply.self, Delete.self]
    )
}
