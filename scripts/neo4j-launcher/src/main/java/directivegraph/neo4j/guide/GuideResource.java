package directivegraph.neo4j.guide;

import java.io.IOException;
import java.nio.file.Files;
import javax.ws.rs.GET;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.core.Response;

/**
 * The project's Neo4j Browser guide (queries/neo4j_browser/guide.html), served by the Neo4j
 * server itself as an unmanaged extension mounted at /directive-graph (see Neo4jServer and
 * ../neo4j): {@code :play http://127.0.0.1:<http port>/directive-graph/guide.html}. The file is
 * read at each request, so an edited guide shows without a restart. It is the only file served.
 *
 * <p>Same origin as Browser (/browser/ on the same port), so no CORS is needed there; for a
 * Browser opened on another origin (http://localhost:PORT, a Browser of its own) the answer
 * allows any origin, and OPTIONS answers the preflight Browser's request (with its Pragma and
 * Cache-Control headers) causes.
 */
@javax.ws.rs.Path("/")
public class GuideResource {
    /** Environment variable naming the guide file (set by scripts/neo4j). */
    public static final String FILE_ENV = "DG_NEO4J_GUIDE";

    @GET
    @javax.ws.rs.Path("guide.html")
    public Response guide() {
        String file = System.getenv(FILE_ENV);
        if (file == null || file.isEmpty()) {
            return cors(Response.status(404).entity("no guide configured (" + FILE_ENV + ")\n")).build();
        }
        try {
            byte[] body = Files.readAllBytes(java.nio.file.Path.of(file));
            return cors(Response.ok(body, "text/html; charset=utf-8")
                    .header("Cache-Control", "no-cache")).build();
        } catch (IOException e) {
            return cors(Response.status(404).entity("cannot read the guide " + file + ": " + e + "\n")).build();
        }
    }

    @OPTIONS
    @javax.ws.rs.Path("guide.html")
    public Response preflight() {
        return cors(Response.noContent())
                .header("Access-Control-Allow-Methods", "GET, OPTIONS")
                .header("Access-Control-Allow-Headers", "pragma, cache-control, content-type")
                .header("Access-Control-Max-Age", "600")
                .build();
    }

    private static Response.ResponseBuilder cors(Response.ResponseBuilder builder) {
        return builder.header("Access-Control-Allow-Origin", "*");
    }
}
