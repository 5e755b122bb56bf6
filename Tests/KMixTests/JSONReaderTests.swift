import Foundation
import Testing
@testable import KMix

/// The engine's JSON reader (`Support/JSON`): RFC 8259 exactly, numbers kept as their literals, keys kept as
/// written, and every error placed by line and column (or, for typed reads, by JSON path).
@Suite struct JSONReaderTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    /// The syntax error `text` gives, or nil when it parses.
    func syntaxError(_ text: String) -> JSONSyntaxError? {
        syntaxError(Array(text.utf8))
    }

    func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONValue.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func number(_ literal: String) throws -> JSONNumber {
        try #require(JSONNumber(literal: literal), "\(literal) is a number")
    }

    // MARK: - Numbers

    @Test func integersStayExactBeyondTwoToThe53() throws {
        let big = try number("9007199254740993")
        #expect(big.isInteger && big.int64 == 9_007_199_254_740_993 && big.int == 9_007_199_254_740_993)
        #expect(big.double == 9_007_199_254_740_992, "a Double rounds it, as asked")
        #expect(try number("-9223372036854775808").int64 == .min)
        let aboveInt64 = try number("9223372036854775808")
        #expect(aboveInt64.int64 == nil && aboveInt64.uint64 == 9_223_372_036_854_775_808)
        #expect(try number("18446744073709551615").uint64 == .max)
        #expect(try number("18446744073709551616").uint64 == nil)
        #expect(try number("-1").uint64 == nil)
        #expect(try parse("[9007199254740993, 1]") == .array([.number(big), .number(try number("1"))]))
    }

    @Test func negativeZeroIsTheIntegerZeroAndANegativeDouble() throws {
        let zero = try number("-0")
        #expect(zero.isInteger && zero.int == 0 && zero.uint64 == 0)
        #expect(zero.double == 0 && zero.double?.sign == .minus)
        let fraction = try number("-0.0")
        #expect(!fraction.isInteger && fraction.int == nil && fraction.double?.sign == .minus)
    }

    @Test func fractionsAndExponentsAreNotIntegers() throws {
        for literal in ["2.0", "2e0", "1E+3", "1e-3", "2.5e-3", "-1.5e2"] {
            let value = try number(literal)
            #expect(!value.isInteger && value.int == nil && value.int64 == nil, "\(literal)")
            #expect(value.double == Double(literal), "\(literal)")
        }
        #expect(try number("1E+3").double == 1000)
        #expect(try number("1e400").double == nil, "too large for a Double")
        #expect(try number("1e39").float == nil && number("3.4028235e38").float == .greatestFiniteMagnitude)
        #expect(try number("1e-400").double == 0)
    }

    @Test func floatsAreRoundedOnceFromTheLiteral() throws {
        // Just below the midpoint between 1 + 2^-23 and 1 + 2^-22: a Double rounds it to the midpoint, which a Float
        // then rounds to even (1 + 2^-22); read directly it is 1 + 2^-23.
        let literal = "1.00000017881393432617187499"
        #expect(try number(literal).float == 1 + Float.ulpOfOne)
        #expect(Float(Double(literal)!) == 1 + 2 * Float.ulpOfOne)
    }

    @Test(arguments: [
        ("01", 1, 2, false), ("-01", 1, 3, false), ("1.", 1, 3, true), ("1.e3", 1, 3, false), (".5", 1, 1, false),
        ("-", 1, 2, true), ("-x", 1, 2, false), ("+1", 1, 1, false), ("1e", 1, 3, true), ("1e+", 1, 4, true),
        ("1ex", 1, 3, false), ("NaN", 1, 1, false), ("Infinity", 1, 1, false), ("-Infinity", 1, 2, false),
        ("0x10", 1, 2, false), ("[1 2]", 1, 4, false),
    ])
    func invalidNumbersArePlaced(text: String, line: Int, column: Int, atEnd: Bool) throws {
        let error = try #require(syntaxError(text), "\(text) is refused")
        #expect((error.line, error.column, error.atEnd) == (line, column, atEnd), "\(text): \(error)")
        #expect(JSONNumber(literal: text) == nil)
    }

    @Test func numberErrorsSayWhatIsWrong() throws {
        #expect(syntaxError("01")?.description == "a number cannot start with 0 followed by another digit at line 1, column 2")
        #expect(syntaxError("NaN")?.description == "expected a value, found 'NaN' at line 1, column 1")
        #expect(syntaxError("1.")?.reason == "expected a digit after a decimal point")
        #expect(syntaxError("-Infinity")?.reason == "expected a digit after '-', found 'Infinity'")
    }

    // MARK: - Strings

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let value = try parse(#""a\"\\\/\b\f\n\r\t\u00e9\u20AC\ud83d\ude00\u0000z""#)
        #expect(value.stringValue == "a\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{20AC}\u{1F600}\u{0}z")
        #expect(try parse("\"é€😀\"").stringValue == "é€😀")
        #expect(try parse("\"\u{7F}\"").stringValue == "\u{7F}", "DEL is not a control character JSON escapes")
    }

    @Test(arguments: [
        (#""\ud83d""#, "\\uD83D is half of a surrogate pair without its other half, which no string can hold", 2),
        (#""\ude00""#, "\\uDE00 is half of a surrogate pair without its other half, which no string can hold", 2),
        (#""x\ud83d\u0041""#, "\\uD83D is half of a surrogate pair without its other half, which no string can hold", 3),
        (#""\x""#, "'\\' followed by 'x' is not an escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)", 2),
        (#""\u12g4""#, "expected four hexadecimal digits after '\\u', found 'g4'", 2),
        ("\"a\u{1}\"", "the control character U+0001 must be escaped in a string (\\u0001)", 3),
        ("\"a\tb\"", "the control character U+0009 must be escaped in a string (\\u0009)", 3),
    ])
    func badStringsAreRefused(text: String, reason: String, column: Int) throws {
        let error = try #require(syntaxError(text))
        #expect(error.reason == reason)
        #expect((error.line, error.column, error.atEnd) == (1, column, false))
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x28, 0x22],        // a lead byte without its continuation
        [0x22, 0xC0, 0xAF, 0x22],        // an overlong '/'
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // a UTF-8-encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
        [0x22, 0x80, 0x22],              // a stray continuation byte
        [0x22, 0xE2, 0x82],              // cut at the end
    ] as [[UInt8]])
    func invalidUTF8IsRefusedWhereItIs(bytes: [UInt8]) throws {
        let error = try #require(syntaxError(bytes))
        #expect(error.reason.contains("which is not UTF-8"), "\(error)")
        #expect((error.line, error.column) == (1, 2))
    }

    @Test func unterminatedTextEndsTooEarly() throws {
        for text in ["", "  ", "\"abc", "\"abc\\", "\"\\u12", "[", "[1", "[1,", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "tru", "nul"] {
            let error = try #require(syntaxError(text), "\(text.debugDescription)")
            #expect(error.atEnd, "\(text.debugDescription): \(error)")
            #expect(error.column == text.count + 1, "\(text.debugDescription): \(error)")
        }
    }

    // MARK: - Structure

    @Test func keysAreKeptAsWrittenInFileOrder() throws {
        let value = try parse(#"{"\u00e9": 1, "e\u0301": 2, "k": [true, null, -1.5e2, "x"], "k": 3}"#)
        let members = try #require(value.objectMembers)
        #expect(members.map(\.key.unicodeScalars.count) == [1, 2, 1, 1])
        #expect(members[0].key.unicodeScalars.elementsEqual("\u{E9}".unicodeScalars))
        #expect(members[1].key.unicodeScalars.elementsEqual("e\u{301}".unicodeScalars))
        #expect(value["\u{E9}"]?.intValue == 1 && value["e\u{301}"]?.intValue == 2, "lookups are scalar for scalar")
        #expect(value["k"]?.intValue == 3, "the raw value's subscript takes the last of a repeated key")
        let array = try #require(members[2].value.arrayValue)
        #expect(array[0].boolValue == true && array[1].isNull && array[2].numberValue?.literal == "-1.5e2")
        #expect(throws: JSONReadError(path: "$", reason: "the key 'k' appears more than once"), "once read as an object") {
            try JSONNode(value).object()
        }
    }

    @Test func canonicallyEquivalentKeysAreDifferentKeys() throws {
        let object = try JSONNode(parse(#"{"\u00e9": 1, "e\u0301": 2}"#)).object()
        #expect(try object.required("\u{E9}").int() == 1 && object.required("e\u{301}").int() == 2)
    }

    @Test func trailingCommasAreRefused() {
        #expect(syntaxError("[1,]")?.description
                == "expected a value after ',', found ']' (JSON allows no comma before ']') at line 1, column 4")
        #expect(syntaxError(#"{"a": 1,}"#)?.description
                == "expected a key after ',', found '}' (JSON allows no comma before '}') at line 1, column 9")
        #expect(syntaxError("[,1]")?.reason == "expected a value, found ','")
        #expect(syntaxError("{,}")?.reason == "expected a key or '}', found ','")
    }

    @Test func nestingIsLimitedTo512Levels() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(syntaxError(deepest) == nil)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(syntaxError(tooDeep))
        #expect(error.description == "arrays and objects nest more than 512 deep at line 1, column 513")
        #expect(syntaxError(String(repeating: "{\"a\":", count: 513) + "1" + String(repeating: "}", count: 513)) != nil)
    }

    @Test func anyValueMayBeTheTopLevelButOnlyOne() throws {
        #expect(try parse(" 5 ") == .number(try number("5")))
        #expect(try parse("\"x\"") == .string("x") && parse("null") == .null && parse("false") == .bool(false))
        #expect(syntaxError("1 2")?.description == "expected the end of the text after the JSON value, found '2' at line 1, column 3")
        #expect(syntaxError("truex")?.reason == "expected the end of the text after the JSON value, found 'x'")
        #expect(syntaxError("{'a': 1}")?.reason == "expected a key or '}', found '''")
        #expect(syntaxError("[1] // comment")?.column == 5)
    }

    // MARK: - Positions

    @Test func positionsCountLinesAndScalars() throws {
        let text = "{\n  \"kmix_plan\": 1,\r\n  \"é€😀\": x\n}"
        let error = try #require(syntaxError(text))
        #expect((error.line, error.column) == (3, 10))
        #expect(error.location == "near line 3, column 10")
        let bom = try #require(syntaxError([0xEF, 0xBB, 0xBF] + Array("[1, x]".utf8)))
        #expect((bom.line, bom.column) == (1, 5), "a byte-order mark is skipped and not counted")
        let end = try #require(syntaxError("{\n  \"a\": [1,\n"))
        #expect(end.location == "it ends too early, at line 3, column 1")
        #expect(end.description == "expected a value at line 3, column 1")
    }

    // MARK: - Typed reads

    @Test func typedReadsNameTheJSONPath() throws {
        let root = try JSONNode(parsing: Data(#"{"layers": [{}, {}, {"q": [0, 1, 2, 3, 4, 1.5]}], "a.b": {"c": "x"}}"#.utf8))
        let q = try root.object().required("layers").array()[2].object().required("q").array()
        #expect(throws: JSONReadError(path: "$.layers[2].q[5]", reason: "expected a whole number, found 1.5")) {
            try q[5].int()
        }
        #expect(try q[4].int() == 4 && q[5].double() == 1.5)
        let dotted = try root.object().required("a.b")
        #expect(dotted.path == #"$["a.b"]"#)
        #expect(throws: JSONReadError(path: #"$["a.b"].c"#, reason: "expected a whole number, found a string")) {
            try dotted.object().required("c").int()
        }
        #expect(throws: JSONReadError(path: "$.layers[0]", reason: "the required key 'q' is missing")) {
            try root.object().required("layers").array()[0].object().required("q")
        }
        #expect(throws: JSONReadError(path: "$.layers", reason: "unknown key (expected one of a.b)")) {
            try root.object().allowOnly(["a.b"])
        }
        #expect("\(JSONReadError(path: "$.x", reason: "expected a string, found null"))" == "at $.x: expected a string, found null")
    }

    @Test func typedReadsCheckRanges() throws {
        let object = try JSONNode(parsing: Data(#"{"big": 9223372036854775808, "neg": -1, "huge": 1e39, "none": null}"#.utf8)).object()
        #expect(throws: JSONReadError(path: "$.big", reason: "the whole number 9223372036854775808 is too large")) {
            try object.required("big").int()
        }
        #expect(try object.required("big").uint64() == 9_223_372_036_854_775_808)
        #expect(throws: JSONReadError(path: "$.neg", reason: "expected a whole number that is not negative, found -1")) {
            try object.required("neg").uint64()
        }
        #expect(throws: JSONReadError(path: "$.huge", reason: "the number 1e39 is too large for a 32-bit float")) {
            try object.required("huge").float()
        }
        #expect(try object.required("huge").double() == 1e39)
        #expect(object.optional("none") == nil && object["none"]?.isNull == true && object.optional("absent") == nil)
        #expect(throws: JSONReadError(path: "$.none", reason: "expected true or false, found null")) {
            try object.required("none").bool()
        }
    }

    // MARK: - Writing

    @Test func indentedTextIsPythonsLayoutWithNumbersAsWritten() throws {
        let value = try parse(#"{"b": [1.50, {}], "a": {"y": [], "x": null}, "é": "\n", "eps": 1e-12}"#)
        #expect(value.indentedText() == """
            {
              "a": {
                "x": null,
                "y": []
              },
              "b": [
                1.50,
                {}
              ],
              "eps": 1e-12,
              "é": "\\n"
            }
            """)
        #expect(try parse(value.indentedText()).indentedText() == value.indentedText(), "it reads back as written")
    }
}
