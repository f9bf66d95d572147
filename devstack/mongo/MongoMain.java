import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * The devstack's MongoDB-wire store: mongo-java-server on a chosen host and port.
 *
 * <p>Usage: {@code MongoMain <host> <port> [<h2-file>]}; memory backend unless an H2 file is given.
 * It reports wire version 17 (MongoDB 6.0) because current PyMongo refuses the server's default 8.
 * SIGTERM closes the server and the backend, so the H2 file keeps every acknowledged write.
 */
public final class MongoMain {
    private static final MongoVersion WIRE_17 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    };

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MongoMain <host> <port> [<h2-file>]");
            System.exit(2);
        }
        AbstractMongoBackend backend = args.length == 3 ? new H2Backend(args[2]) : new MemoryBackend();
        MongoBackend versioned = backend.version(WIRE_17);
        MongoServer server = new MongoServer(versioned);
        server.bind(args[0], Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));
        String where = args.length == 3 ? "H2 file " + args[2] : "memory";
        System.out.println("mongo-java-server listening on " + args[0] + ":" + args[1] + " (" + where + ", wire 17)");
        Thread.currentThread().join();
    }
}
