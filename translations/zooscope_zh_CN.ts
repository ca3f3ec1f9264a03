<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LogModel</name>
    <message>
        <source>Cannot create the log directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NodePanel</name>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New child...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only guard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cluster&apos;s profile is guarded: writes are refused until you unlock it for this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the data, checked against the version you loaded (Ctrl+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the node again from the server (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No node selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save (locked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cluster is read-only: the guard refuses to %1. Unlock it for this session to make changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node&apos;s ACL: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not let this session read the node&apos;s ACL either.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session has no identity besides its address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session&apos;s identities: %1 (the credentials this connection added and the address it connects from; the C client cannot ask the server, it has no whoAmI).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a node before saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: the text cannot be written as %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save invalid data?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data is not valid %1 (%2). Save it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 (version %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed on the server since you loaded it; fetching its current data...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1 changed on the server. Your edit is still here; save again to compare, or reload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: the result cannot be written as %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save conflict markers?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result still holds conflict markers (&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;). Save it like that?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overwrite the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the data of %1 with the result, whatever the server holds by then? The other client&apos;s change is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change the ACL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a node before changing its ACL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ACL of %1 could not be read, so it cannot be changed safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACL not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACL not applied. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACL of %1 applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not created. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ZooScope: a desktop client for ZooKeeper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this cluster directly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the embedded engine with sample data and open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit 0 once the first cluster&apos;s root is listed, 1 on an error or after 30 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded engine could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui</name>
    <message>
        <source>Enter a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name cannot contain &apos;:&apos; (ZooKeeper splits &quot;user:password&quot; at the first &apos;:&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An ACL needs at least one entry; the server refuses an empty one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 grants no permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 has unknown permission bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: the world scheme only knows the id &quot;anyone&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: a digest id is &quot;user:hash&quot; (28 base64 characters); use the digest generator rather than the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: &quot;%2&quot; is not an IP address or address/bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: the %2 scheme needs an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1: unknown scheme &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everybody (id &quot;anyone&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name and password hash (user:base64(sha1(user:password))); sessions add it with addauth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients from an address or a network (address/bits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whatever identities the creating session has authenticated as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A TLS client certificate&apos;s distinguished name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SASL (Kerberos) principal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scheme provided by a server plugin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a hex digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a byte needs two hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>malformed \uXXXX escape (four hex digits expected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML with comments is not reformatted: the YAML library would drop the comments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YAML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>.properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16 LE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16 BE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unpaired UTF-16 surrogate cannot be encoded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text cannot be encoded as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Latin-1 character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no pretty-printed form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session timeout must be between %1 and %2 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A digest user name cannot contain &apos;:&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile needs at least one host:port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the chroot in its own field, not in the host list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid connect string: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL/TLS is not supported by this build (Debian&apos;s ZooKeeper C client has no TLS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SASL is not supported by this build (Debian&apos;s ZooKeeper C client has no SASL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is stored in the keychain for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain is available (%1). ZooScope never stores passwords in plain text, so the password is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused the request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1, counter %2 (decimal %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms since 1970-01-01 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created zxid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction that created the node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the node was created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified zxid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction that last changed the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the data last changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children zxid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transaction that last changed the children.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times the children changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times the data changed; saves check it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACL version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times the ACL changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ephemeral owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: the node is not ephemeral.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session that owns this ephemeral node (decimal %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes of data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of children.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1: its parent does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist (any more): another client may have deleted it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed: the ACL of %1 does not grant %2 to this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ACL of %1 changed on the server since you loaded it. Reload to see it, then apply your change again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed on the server since you loaded it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1: its parent is ephemeral, and ephemeral nodes cannot have children.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has children; delete them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the ACL for %1: it is empty or invalid, or uses the auth scheme while this session has not authenticated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost; the request may or may not have been applied. Reload %1 once reconnected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session expired. Reconnect, then reload %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer in time. Reload %1 to see its state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not support this kind of node (TTL nodes need extendedTypesEnabled=true on the server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not support this operation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: its quota is exceeded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is in read-only mode and refuses writes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused this session&apos;s credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request for %1 has invalid arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation on %1 failed (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AclEditor</name>
    <message>
        <source>&amp;Add entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply &amp;ACL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add as &amp;entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user:base64(sha1(user:password))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest generator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is only hashed here; it is not stored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AclTableModel</name>
    <message>
        <source>Ignored: the server uses the session&apos;s authenticated identities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read: get data and list children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write: set data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create: create children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete: delete children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin: set the ACL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClientAdapter</name>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server to ask: the connection is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer &quot;%1&quot; within %2 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClusterStatusBar</name>
    <message>
        <source>No cluster open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (read-only guard)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (version unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (srvr not in the server&apos;s 4lw whitelist)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add srvr to 4lw.commands.whitelist on the server to see its version and mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · ZooKeeper %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n znode(s), last zxid %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClusterTab</name>
    <message>
        <source>Unlock writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is marked as a guarded (production) cluster.

Allow changes to it until this tab is closed?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter loaded nodes by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load all stats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a znode to see its data, stat and ACL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost, reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 was lost. Reconnecting; the session survives if it comes back within the session timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the credentials of %1. Edit the profile&apos;s digest user or password and open it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The session expired (ephemeral nodes and watches of this session are gone). Opening a new session in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Refused: %1. %2 is read-only guarded; use &quot;Unlock writes&quot; above to allow changes for this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Writes unlocked&lt;/b&gt; for this session on a guarded cluster. Changes go to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Read-only guard:&lt;/b&gt; this cluster refuses every write until you unlock it for this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n child(ren) without stats; it stays sorted by name until every stat is loaded.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConflictDialog</name>
    <message>
        <source>Edit conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Result&lt;/b&gt; (edit it, then choose what to do):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use server&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save against the server&apos;s version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overwrite...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload (discard my edit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the result whatever the server has now (asks first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throw away your edit and show what the server has now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 changed on the server since you loaded it&lt;/b&gt; (version %2, now %3). Green lines changed on one side; red lines changed on both sides differently. Data shown as %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Loaded&lt;/b&gt; (version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Server now&lt;/b&gt; (version %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Your edit&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save against version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result still has conflict markers (&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;): edit them away, or pick a side above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both changes merged without conflict. Check the result, then save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts resolved. Check the result, then save.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionProfile</name>
    <message>
        <source>Invalid connect string &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionSidebar</name>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Connections&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New connection...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded engine (sample data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts ZooScope&apos;s own ZooKeeper-compatible engine inside the app, with sample data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Read-only guard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::CreateNodeDialog</name>
    <message>
        <source>Persistent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent sequential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ephemeral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ephemeral sequential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent with TTL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent sequential with TTL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;TTL (ms):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create node under %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted when this session ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted by the server once its last child is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted by the server when unchanged for the TTL and childless (the server needs extendedTypesEnabled).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 to %1 milliseconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;CL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;counter&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name cannot contain &apos;/&apos;; create the parents first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;.&quot; and &quot;..&quot; are not allowed as node names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name contains a control character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TTL must be between 1 and %1 milliseconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data cannot be encoded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DataEditor</name>
    <message>
        <source>Pretty-print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the data is read: detected when the node is loaded; choose another to validate and highlight it differently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the bytes become text. Only encodings that give back exactly the same bytes can be chosen; anything else is edited as hex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reformat the text with indentation (undo with Ctrl+Z).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These bytes are not valid UTF-8, so they stay in hex to keep them exact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text cannot be kept as %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These bytes are not valid %1: showing them that way would change them. Choose another encoding or hex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;a href=&quot;#error&quot;&gt;Line %1, column %2&lt;/a&gt;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node holds no data (null).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be encoded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LogModel</name>
    <message>
        <source>trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LogPanel</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No log file (see the messages above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::MainWindow</name>
    <message>
        <source>ZooScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a connection from the list on the left, or create one with Connection → New connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New connection...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;connect string...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open connect string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host:port[,host:port...][/chroot]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import profiles...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export profiles...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close &amp;tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ZooScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window has no embedded engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Password of digest user &apos;%2&apos; (kept in memory for this session only):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be opened:

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is stored for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

ZooScope will ask for it again after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the connection &quot;%1&quot; and its stored password?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZooScope profiles (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s). Passwords are not part of an export: enter them when connecting.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZooScope profiles (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) without passwords.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies after a restart. Restart ZooScope now? Open connections will be closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ZooScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZooScope %1&lt;/h3&gt;&lt;p&gt;A desktop client for Apache ZooKeeper 3.8 ensembles, with its own ZooKeeper-compatible engine.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — ZooScope</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ProfileDialog</name>
    <message>
        <source>Read-only guard (production): refuse every write until unlocked for the session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow read-only sessions with a partitioned server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use SSL/TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use SASL authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host1:2181,host2:2181</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/optional/chroot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged (stored in the OS keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hosts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chroot:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session &amp;timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is kept only in the OS keychain, never in ZooScope&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety and transport</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ProfileStore</name>
    <message>
        <source>The file is not valid JSON (%1 at offset %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a ZooScope profile export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsupported profile export version %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in the file has no hosts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log &amp;level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when ZooScope restarts; the theme applies at once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::StatView</name>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::Validation</name>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ZnodeTreeModel</name>
    <message>
        <source>TTL node (created by this app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>container node (created by this app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ephemeral node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sequential node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>persistent node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ephemeral owner</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
