/// The right-to-left test language: each Latin letter of the English sentence becomes an
/// Arabic letter, so the text runs right to left as a real translation would, while
/// placeholders, digits and punctuation stay as they are.
enum PseudoLanguage {
    static let letters: [Character] = Array("ابتثجحخدذرزسشصضطظعغفقكلمنه")

    static func transform(_ text: String) -> String {
        var out = ""
        var inPlaceholder = false
        for character in text {
            if character == "{" { inPlaceholder = true }
            if character == "}" { inPlaceholder = false }
            if !inPlaceholder, let ascii = character.asciiValue, character.isLetter {
                out.append(letters[Int(ascii | 0x20) - 97])
            } else {
                out.append(character)
            }
        }
        return out
    }
}
