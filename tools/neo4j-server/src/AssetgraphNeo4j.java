import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;

/**
 * A Neo4j Community server in one process, for assetgraph's tests and benchmarks.
 *
 * <p>Usage: {@code java -cp 'lib/*:classes' AssetgraphNeo4j DATA_DIR PORT [PASSWORD] [NAME=VALUE ...]}.
 * Opens Bolt on 127.0.0.1:PORT over the database files in DATA_DIR (kept between runs, so a killed
 * server restarts over the same data). With a PASSWORD, authentication is on and the user {@code
 * neo4j} gets that password when the data is new; without one, authentication is off. Each
 * NAME=VALUE (a dotted setting name, as in neo4j.conf: {@code
 * dbms.security.allow_csv_import_from_file_urls=false}) is set as neo4j.conf would set it, after
 * the launcher's own settings, so it may override them. Prints {@code assetgraph-neo4j ready} once
 * Bolt accepts connections, and shuts down cleanly when its standard input closes or it is
 * terminated.
 */
public final class AssetgraphNeo4j {
    private AssetgraphNeo4j() {}

    /** The plugin folder: the system property {@code assetgraph.plugins}, else DATA_DIR/plugins. */
    private static Path plugins(Path home) {
        String given = System.getProperty("assetgraph.plugins");
        return given != null ? Path.of(given) : home.resolve("plugins");
    }

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            if (arg.matches("[a-z_]+(\\.[a-z0-9_]+)+=.*")) {
                settings.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() < 2 || positional.size() > 3) {
            System.err.println("usage: AssetgraphNeo4j DATA_DIR PORT [PASSWORD] [NAME=VALUE ...]");
            System.exit(2);
        }
        Path home = Path.of(positional.get(0)).toAbsolutePath();
        int port = Integer.parseInt(positional.get(1));
        String password = positional.size() == 3 ? positional.get(2) : null;

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // procedures are found in the plugin folder (the GDS jars that declare them; the
                // rest of GDS is on the class path), and GDS runs unrestricted
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins(home))
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        // the given settings are parsed (and unknown names refused) as neo4j.conf would be
        Config given = Config.newBuilder().setRaw(settings).build();
        for (String name : settings.keySet()) {
            Setting<Object> setting = given.getSetting(name);
            builder.setConfig(setting, given.get(setting));
        }
        DatabaseManagementService service = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        if (password != null) {
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            boolean fresh = system.executeTransactionally(
                    "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' "
                            + "RETURN passwordChangeRequired",
                    Map.of(),
                    result -> (Boolean) result.next().get("passwordChangeRequired"));
            if (fresh) {
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
            }
        }
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000);
        System.out.println("assetgraph-neo4j ready bolt://127.0.0.1:" + port);
        System.out.flush();
        while (System.in.read() != -1) {
            // Runs until the parent closes our standard input.
        }
        System.exit(0);
    }
}
