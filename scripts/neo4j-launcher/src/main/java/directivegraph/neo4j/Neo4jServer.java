package directivegraph.neo4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.server.CommunityBootstrapper;
import picocli.CommandLine;

/**
 * Runs a real Neo4j Community server in this JVM, through the same bootstrapper that
 * {@code neo4j console} uses (Bolt + HTTP/Browser), bound to loopback only.
 *
 * <pre>usage: Neo4jServer HOME_DIR BOLT_PORT HTTP_PORT [server|embedded]   (HTTP_PORT 0 = no HTTP)</pre>
 *
 * Mode "server" (default) is the full server. Mode "embedded" is the last-resort fallback of
 * ../neo4j: an embedded DatabaseManagementService with only the Bolt connector (no HTTP, no
 * Browser), used only if the server mode fails to start.
 *
 * Environment: DG_NEO4J_PASSWORD (password of user "neo4j", default "directive-graph",
 * at least 8 characters), DG_NEO4J_PAGECACHE (default "256m"), DG_NEO4J_GUIDE (the Browser
 * guide to serve at /directive-graph/guide.html and to play when Browser connects; none: no
 * guide). The heap is the JVM's -Xmx.
 * Prints a line starting with "DG-NEO4J READY" once the DBMS and its connectors are up,
 * then runs until killed. SIGTERM/SIGINT: the bootstrapper's own handler calls System.exit,
 * and its shutdown hook stops the web server and shuts down the DatabaseManagementService.
 */
public final class Neo4jServer {
    /**
     * Hosts Browser may play guides from (Neo4j 5.26 names the setting
     * browser.remote_content_hostname_whitelist; later versions call it ..._allowlist).
     */
    static final String GUIDE_HOSTS = "guides.neo4j.com,localhost,127.0.0.1,[::1]";

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: Neo4jServer HOME_DIR BOLT_PORT HTTP_PORT [server|embedded]");
            System.exit(2);
        }
        boolean embedded = args.length == 4 && args[3].equals("embedded");
        Path home = Path.of(args[0]).toAbsolutePath();
        int boltPort = Integer.parseInt(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        String password = System.getenv().getOrDefault("DG_NEO4J_PASSWORD", "directive-graph");
        String pageCache = System.getenv().getOrDefault("DG_NEO4J_PAGECACHE", "256m");
        Files.createDirectories(home);

        // Same as `neo4j-admin dbms set-initial-password`: writes data/dbms/auth.ini, which is
        // read only when the system database is created, i.e. on a fresh store. So the server
        // never listens with the default neo4j/neo4j credentials.
        boolean freshStore = !Files.exists(home.resolve("data/databases/system"));
        if (freshStore) {
            ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"));
            int rc = new CommandLine(new SetInitialPasswordCommand(ctx)).execute(password);
            if (rc != 0) {
                System.exit(rc);
            }
        }

        // neo4j.conf settings; unknown names fail the start (strict validation).
        Map<String, String> conf = new HashMap<>();
        conf.put("dbms.security.auth_enabled", "true");
        conf.put("server.default_listen_address", "127.0.0.1");
        conf.put("server.default_advertised_address", "127.0.0.1");
        conf.put("server.bolt.enabled", "true");
        conf.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        conf.put("server.bolt.advertised_address", "127.0.0.1:" + boltPort);
        conf.put("server.http.enabled", String.valueOf(httpPort > 0));
        if (httpPort > 0) {
            conf.put("server.http.listen_address", "127.0.0.1:" + httpPort);
            conf.put("server.http.advertised_address", "127.0.0.1:" + httpPort);
        }
        conf.put("server.https.enabled", "false");
        if (httpPort > 0) {
            // Neo4j Browser: the project's guide, served by this server (guide/GuideResource),
            // opens when Browser connects; guides may come from loopback hosts.
            conf.put("server.unmanaged_extension_classes", "directivegraph.neo4j.guide=/directive-graph");
            conf.put("dbms.security.http_auth_allowlist", "/,/browser.*,/directive-graph/.*");
            conf.put("browser.remote_content_hostname_whitelist", GUIDE_HOSTS);
            String guide = System.getenv("DG_NEO4J_GUIDE");
            if (guide != null && !guide.isEmpty() && Files.isRegularFile(Path.of(guide))) {
                conf.put("browser.post_connect_cmd",
                        "play http://127.0.0.1:" + httpPort + "/directive-graph/guide.html");
            }
        }
        // Keep it light for tests: small page cache, no 250 MiB pre-allocated tx log files.
        conf.put("server.memory.pagecache.size", pageCache);
        conf.put("db.tx_log.preallocate", "false");
        conf.put("dbms.usage_report.enabled", "false"); // no phoning home (there is no internet anyway)
        // Bolt waits 2 x 5 s on shutdown by default; tests restart the server, so make it quick.
        conf.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        conf.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
        conf.put("internal.server.bolt.connection_shutdown_wait_time", "1s");

        if (embedded) {
            runEmbedded(home, conf, boltPort, password, freshStore);
            return;
        }

        CommunityBootstrapper server = new CommunityBootstrapper();
        int rc = server.start(home, conf); // installs the SIGTERM handler + shutdown hook
        if (rc != 0) {
            System.err.println("DG-NEO4J FAILED (bootstrapper exit code " + rc + "), see " + home.resolve("logs"));
            System.exit(rc);
        }
        if (!freshStore) {
            // A kept store keeps its users: make the password match DG_NEO4J_PASSWORD anyway
            // (embedded access to the system database needs no login).
            try {
                server.getDatabaseManagementService().database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) { // e.g. "Old password and new password cannot be the same"
                System.out.println("password of neo4j left as is: " + e.getMessage());
            }
        }
        System.out.println("DG-NEO4J READY bolt://127.0.0.1:" + boltPort
                + (httpPort > 0 ? " http://127.0.0.1:" + httpPort : ""));
        new CountDownLatch(1).await(); // block until the JVM is told to exit
    }

    /** Embedded DBMS + Bolt connector only: same settings minus HTTP, from a generated conf file. */
    private static void runEmbedded(Path home, Map<String, String> conf, int boltPort, String password,
                                    boolean freshStore) throws Exception {
        Map<String, String> props = new TreeMap<>(conf);
        props.keySet().removeIf(k -> k.startsWith("server.http.") || k.startsWith("server.https."));
        StringBuilder text = new StringBuilder("# generated by Neo4jServer (embedded mode)\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path confFile = home.resolve("conf/embedded.conf");
        Files.createDirectories(confFile.getParent());
        Files.writeString(confFile, text.toString(), StandardCharsets.UTF_8);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(confFile)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        if (!freshStore) {
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) {
                System.out.println("password of neo4j left as is: " + e.getMessage());
            }
        }
        System.out.println("DG-NEO4J READY bolt://127.0.0.1:" + boltPort + " (embedded, no HTTP)");
        new CountDownLatch(1).await();
    }
}
