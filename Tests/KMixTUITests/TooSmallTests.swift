import Testing
@testable import KMixTUI

/// While the terminal is too small, only quitting works, and the message fits the terminal.
@Suite struct TooSmallTests {
    let keyMap = KeyMap.standard

    @Test func onlyTheQuitKeysActBehindTheMessage() {
        let state = Fixtures.state()
        for key: Key in [.character("+"), .character("5"), .enter, .character("A"), .character("p"), .character("t"), .tab] {
            #expect(keyMap.tooSmallAction(for: key, in: state) == nil, "\(key)")
        }
        for key: Key in [.character("q"), .control("c")] {
            #expect(keyMap.tooSmallAction(for: key, in: state)?.isQuitRequest == true, "\(key)")
        }
    }

    @Test func theQuitQuestionOfARunningRunIsAnsweredAndShown() {
        var state = Fixtures.trainingState()
        _ = reduce(&state, .requestQuit)
        guard case .dialogEdit(.insert("y"))? = keyMap.tooSmallAction(for: .character("y"), in: state) else {
            Issue.record("y does not answer the quit question")
            return
        }
        let text = RootView.render(state, width: 70, height: 20, options: RenderOptions()).text
        #expect(text.contains("Training is running: y stops it, saves and quits; n stays."), "\(text)")
    }

    @Test func aTinyTerminalGetsTheShortWording() {
        let text = RootView.render(Fixtures.state(), width: 20, height: 5, options: RenderOptions()).text
        for line in ["Too small: 20×5", "Needs 80×24", "q quits"] { #expect(text.contains(line), "\(text)") }
    }
}
