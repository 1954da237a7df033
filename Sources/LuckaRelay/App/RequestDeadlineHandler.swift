import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request has not arrived whole within the idle timeout of its
/// head.
///
/// The server's idle timeout counts every body byte as activity, so a body sent one byte
/// a second (a slow POST) would hold a connection, and one of the relay's request slots,
/// for as long as the sender liked. A head sent slowly is covered by the idle timeout
/// already: no part of it counts until it is complete.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?

    init(seconds: Int) { deadline = .seconds(Int64(seconds)) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            cancel()
            let channel = context.channel
            timer = context.eventLoop.scheduleTask(in: deadline) { channel.close(promise: nil) }
        case .end:
            cancel()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancel() }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }
}
