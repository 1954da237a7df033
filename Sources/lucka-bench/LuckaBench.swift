import ArgumentParser

@main
struct LuckaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucka-bench",
        abstract: "Measures Lucka's costs and prints figures (never pass/fail).",
        discussion: "Build in release mode for meaningful numbers: swift run -c release lucka-bench core",
        subcommands: [Core.self, Load.self, Engines.self, Raw.self, Fill.self, Scale.self, Sweep.self]
    )
}
