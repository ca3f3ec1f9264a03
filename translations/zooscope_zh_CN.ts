<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>ZooScope: a desktop client for ZooKeeper.</source>
        <translation>ZooScope：ZooKeeper 桌面客户端。</translation>
    </message>
    <message>
        <source>Open this cluster directly.</source>
        <translation>直接打开此集群。</translation>
    </message>
    <message>
        <source>Start the embedded engine with sample data and open it.</source>
        <translation>启动带有示例数据的内嵌引擎并打开它。</translation>
    </message>
    <message>
        <source>Exit 0 once the first cluster&apos;s root is listed, 1 on an error or after 30 s.</source>
        <translation>第一个集群的根节点列出后以 0 退出；出错或 30 秒后以 1 退出。</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>打印版本号并退出。</translation>
    </message>
    <message>
        <source>The embedded engine could not start: %1</source>
        <translation>内嵌引擎无法启动：%1</translation>
    </message>
    <message>
        <source>Start a local 3-node demo ensemble of the engine with the stream workload and open its dashboard.</source>
        <translation>启动一个本地 3 节点引擎演示集群（运行流处理负载）并打开其仪表板。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui</name>
    <message>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>A user name cannot contain &apos;:&apos; (ZooKeeper splits &quot;user:password&quot; at the first &apos;:&apos;).</source>
        <translation>用户名不能包含“:”（ZooKeeper 在第一个“:”处拆分“用户:密码”）。</translation>
    </message>
    <message>
        <source>An ACL needs at least one entry; the server refuses an empty one.</source>
        <translation>ACL 至少需要一个条目；服务器会拒绝空的 ACL。</translation>
    </message>
    <message>
        <source>Entry %1 grants no permission.</source>
        <translation>条目 %1 未授予任何权限。</translation>
    </message>
    <message>
        <source>Entry %1 has unknown permission bits.</source>
        <translation>条目 %1 含有未知的权限位。</translation>
    </message>
    <message>
        <source>Entry %1: the world scheme only knows the id &quot;anyone&quot;.</source>
        <translation>条目 %1：world 方案只认识 id“anyone”。</translation>
    </message>
    <message>
        <source>Entry %1: a digest id is &quot;user:hash&quot; (28 base64 characters); use the digest generator rather than the password.</source>
        <translation>条目 %1：digest id 的格式为“用户:哈希”（28 个 base64 字符）；请使用摘要生成器，而不是直接填写密码。</translation>
    </message>
    <message>
        <source>Entry %1: &quot;%2&quot; is not an IP address or address/bits.</source>
        <translation>条目 %1：“%2”不是 IP 地址或“地址/位数”。</translation>
    </message>
    <message>
        <source>Entry %1: the %2 scheme needs an id.</source>
        <translation>条目 %1：%2 方案需要一个 id。</translation>
    </message>
    <message>
        <source>Entry %1: unknown scheme &quot;%2&quot;.</source>
        <translation>条目 %1：未知方案“%2”。</translation>
    </message>
    <message>
        <source>Everybody (id &quot;anyone&quot;).</source>
        <translation>所有人（id“anyone”）。</translation>
    </message>
    <message>
        <source>A user name and password hash (user:base64(sha1(user:password))); sessions add it with addauth.</source>
        <translation>用户名和密码哈希（user:base64(sha1(user:password))）；会话通过 addauth 添加。</translation>
    </message>
    <message>
        <source>Clients from an address or a network (address/bits).</source>
        <translation>来自某个地址或网络（地址/位数）的客户端。</translation>
    </message>
    <message>
        <source>Whatever identities the creating session has authenticated as.</source>
        <translation>创建者会话已认证的任何身份。</translation>
    </message>
    <message>
        <source>A TLS client certificate&apos;s distinguished name.</source>
        <translation>TLS 客户端证书的可分辨名称。</translation>
    </message>
    <message>
        <source>A SASL (Kerberos) principal.</source>
        <translation>SASL（Kerberos）主体。</translation>
    </message>
    <message>
        <source>A scheme provided by a server plugin.</source>
        <translation>由服务器插件提供的方案。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a hex digit</source>
        <translation>“%1”不是十六进制数字</translation>
    </message>
    <message>
        <source>a byte needs two hex digits</source>
        <translation>一个字节需要两个十六进制数字</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行，第 %2 列：%3</translation>
    </message>
    <message>
        <source>malformed \uXXXX escape (four hex digits expected)</source>
        <translation>格式错误的 \uXXXX 转义（需要四个十六进制数字）</translation>
    </message>
    <message>
        <source>YAML with comments is not reformatted: the YAML library would drop the comments.</source>
        <translation>含注释的 YAML 不会被重新格式化：YAML 库会丢弃注释。</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>XML</source>
        <translation>XML</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>.properties</source>
        <translation>.properties</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>Latin-1</source>
        <translation>Latin-1</translation>
    </message>
    <message>
        <source>UTF-16 LE</source>
        <translation>UTF-16 LE</translation>
    </message>
    <message>
        <source>UTF-16 BE</source>
        <translation>UTF-16 BE</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <source>an unpaired UTF-16 surrogate cannot be encoded</source>
        <translation>无法编码未配对的 UTF-16 代理项</translation>
    </message>
    <message>
        <source>The text cannot be encoded as %1.</source>
        <translation>文本无法编码为 %1。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Latin-1 character</source>
        <translation>“%1”不是 Latin-1 字符</translation>
    </message>
    <message>
        <source>%1 has no pretty-printed form.</source>
        <translation>%1 没有格式化形式。</translation>
    </message>
    <message>
        <source>epoch %1, counter %2 (decimal %3)</source>
        <translation>纪元 %1，计数器 %2（十进制 %3）</translation>
    </message>
    <message>
        <source>0 (not set)</source>
        <translation>0（未设置）</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2（%3）</translation>
    </message>
    <message>
        <source>%1 ms since 1970-01-01 UTC</source>
        <translation>自 1970-01-01 UTC 起 %1 毫秒</translation>
    </message>
    <message>
        <source>Created zxid</source>
        <translation>创建 zxid</translation>
    </message>
    <message>
        <source>The transaction that created the node.</source>
        <translation>创建该节点的事务。</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>When the node was created.</source>
        <translation>节点的创建时间。</translation>
    </message>
    <message>
        <source>Modified zxid</source>
        <translation>修改 zxid</translation>
    </message>
    <message>
        <source>The transaction that last changed the data.</source>
        <translation>最后一次修改数据的事务。</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>When the data last changed.</source>
        <translation>数据最后一次修改的时间。</translation>
    </message>
    <message>
        <source>Children zxid</source>
        <translation>子节点 zxid</translation>
    </message>
    <message>
        <source>The transaction that last changed the children.</source>
        <translation>最后一次修改子节点的事务。</translation>
    </message>
    <message>
        <source>Children version</source>
        <translation>子节点版本</translation>
    </message>
    <message>
        <source>How many times the children changed.</source>
        <translation>子节点被修改的次数。</translation>
    </message>
    <message>
        <source>Data version</source>
        <translation>数据版本</translation>
    </message>
    <message>
        <source>How many times the data changed; saves check it.</source>
        <translation>数据被修改的次数；保存时会校验它。</translation>
    </message>
    <message>
        <source>ACL version</source>
        <translation>ACL 版本</translation>
    </message>
    <message>
        <source>How many times the ACL changed.</source>
        <translation>ACL 被修改的次数。</translation>
    </message>
    <message>
        <source>Ephemeral owner</source>
        <translation>临时节点所有者</translation>
    </message>
    <message>
        <source>0: the node is not ephemeral.</source>
        <translation>0：该节点不是临时节点。</translation>
    </message>
    <message>
        <source>The session that owns this ephemeral node (decimal %1).</source>
        <translation>拥有此临时节点的会话（十进制 %1）。</translation>
    </message>
    <message>
        <source>Data length</source>
        <translation>数据长度</translation>
    </message>
    <message>
        <source>Bytes of data.</source>
        <translation>数据字节数。</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子节点</translation>
    </message>
    <message>
        <source>Number of children.</source>
        <translation>子节点数量。</translation>
    </message>
    <message>
        <source>Cannot create %1: its parent does not exist.</source>
        <translation>无法创建 %1：其父节点不存在。</translation>
    </message>
    <message>
        <source>%1 does not exist (any more): another client may have deleted it.</source>
        <translation>%1 不存在（或已不存在）：可能已被其他客户端删除。</translation>
    </message>
    <message>
        <source>Not allowed: the ACL of %1 does not grant %2 to this session.</source>
        <translation>不允许：%1 的 ACL 未向此会话授予 %2 权限。</translation>
    </message>
    <message>
        <source>The ACL of %1 changed on the server since you loaded it. Reload to see it, then apply your change again.</source>
        <translation>自您加载以来，%1 的 ACL 已在服务器上被修改。请重新加载查看，然后再次应用您的修改。</translation>
    </message>
    <message>
        <source>%1 changed on the server since you loaded it.</source>
        <translation>自您加载以来，%1 已在服务器上被修改。</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 已存在。</translation>
    </message>
    <message>
        <source>Cannot create %1: its parent is ephemeral, and ephemeral nodes cannot have children.</source>
        <translation>无法创建 %1：其父节点是临时节点，而临时节点不能有子节点。</translation>
    </message>
    <message>
        <source>%1 has children; delete them first.</source>
        <translation>%1 有子节点；请先删除它们。</translation>
    </message>
    <message>
        <source>The server refused the ACL for %1: it is empty or invalid, or uses the auth scheme while this session has not authenticated.</source>
        <translation>服务器拒绝了 %1 的 ACL：它为空或无效，或者使用了 auth 方案而此会话尚未认证。</translation>
    </message>
    <message>
        <source>The connection to the server was lost; the request may or may not have been applied. Reload %1 once reconnected.</source>
        <translation>与服务器的连接已断开；该请求可能已执行，也可能未执行。重新连接后请重新加载 %1。</translation>
    </message>
    <message>
        <source>The session expired. Reconnect, then reload %1.</source>
        <translation>会话已过期。请重新连接，然后重新加载 %1。</translation>
    </message>
    <message>
        <source>The server did not answer in time. Reload %1 to see its state.</source>
        <translation>服务器未及时响应。请重新加载 %1 查看其状态。</translation>
    </message>
    <message>
        <source>The server does not support this kind of node (TTL nodes need extendedTypesEnabled=true on the server).</source>
        <translation>服务器不支持这种节点（TTL 节点需要服务器设置 extendedTypesEnabled=true）。</translation>
    </message>
    <message>
        <source>The server does not support this operation.</source>
        <translation>服务器不支持此操作。</translation>
    </message>
    <message>
        <source>Cannot write %1: its quota is exceeded.</source>
        <translation>无法写入 %1：已超出其配额。</translation>
    </message>
    <message>
        <source>The server is in read-only mode and refuses writes.</source>
        <translation>服务器处于只读模式，拒绝写操作。</translation>
    </message>
    <message>
        <source>The server refused this session&apos;s credentials.</source>
        <translation>服务器拒绝了此会话的凭据。</translation>
    </message>
    <message>
        <source>The operation on %1 failed (%2).</source>
        <translation>对 %1 的操作失败（%2）。</translation>
    </message>
    <message>
        <source>Not allowed: the ACL of %1 grants this session neither READ nor ADMIN, so its ACL cannot be read.</source>
        <translation>不允许：%1 的 ACL 既未授予本会话 READ 也未授予 ADMIN 权限，因此无法读取其 ACL。</translation>
    </message>
    <message>
        <source>Not allowed: the ACL of %1 does not grant this session the permission this operation needs.</source>
        <translation>不允许：%1 的 ACL 未授予本会话此操作所需的权限。</translation>
    </message>
    <message>
        <source>The request for %1 was refused as invalid (for example a malformed path or version).</source>
        <translation>对 %1 的请求因无效被拒绝（例如路径或版本格式错误）。</translation>
    </message>
    <message>
        <source>The session moved to another server while the request for %1 was under way. Reload %1 to see its state.</source>
        <translation>对 %1 的请求进行中时会话已迁移到另一台服务器。请重新加载 %1 查看其状态。</translation>
    </message>
    <message>
        <source>The server is overloaded and refused the request for %1. Try again in a moment.</source>
        <translation>服务器过载，拒绝了对 %1 的请求。请稍后重试。</translation>
    </message>
    <message>
        <source>exited with status %1</source>
        <translation>退出状态码 %1</translation>
    </message>
    <message>
        <source>killed by signal %1</source>
        <translation>收到信号 %1</translation>
    </message>
    <message>
        <source>killed by signal %1 (%2)</source>
        <translation>收到信号 %1（%2）</translation>
    </message>
    <message>
        <source>could not be waited for (%1)</source>
        <translation>无法等待其结束（%1）</translation>
    </message>
    <message>
        <source>%1: not in the server&apos;s 4lw.commands.whitelist.</source>
        <translation>%1：不在服务器的 4lw.commands.whitelist 中。</translation>
    </message>
    <message>
        <source>%1: the server is not serving requests.</source>
        <translation>%1：服务器当前不处理请求。</translation>
    </message>
    <message>
        <source>%1: the server answered with an error.</source>
        <translation>%1：服务器返回了错误。</translation>
    </message>
    <message>
        <source>%1: the server answered with an error: %2</source>
        <translation>%1：服务器返回了错误：%2</translation>
    </message>
    <message>
        <source>%1: the answer was cut short.</source>
        <translation>%1：回答被截断。</translation>
    </message>
    <message>
        <source>%1: the answer was cut short: %2</source>
        <translation>%1：回答被截断：%2</translation>
    </message>
    <message>
        <source>%1: the answer is not in its format.</source>
        <translation>%1：回答的格式不对。</translation>
    </message>
    <message>
        <source>%1: the answer is not in its format: %2</source>
        <translation>%1：回答的格式不对：%2</translation>
    </message>
    <message>
        <source>%1: the server sent nothing.</source>
        <translation>%1：服务器没有发送任何内容。</translation>
    </message>
    <message>
        <source>No answer to %1 from %2 within %3 ms.</source>
        <translation>%2 在 %3 毫秒内没有回答 %1。</translation>
    </message>
    <message>
        <source>%1: not asked, the poll ran out of time.</source>
        <translation>%1：未询问，本轮轮询已超时。</translation>
    </message>
    <message>
        <source>The AdminServer at %1 could not be reached (%2).</source>
        <translation>无法连接到 %1 上的 AdminServer（%2）。</translation>
    </message>
    <message>
        <source>The AdminServer at %1 did not answer %2 within %3 ms.</source>
        <translation>%1 上的 AdminServer 在 %3 毫秒内没有回答 %2。</translation>
    </message>
    <message>
        <source>The AdminServer at %1 sent more than 16 MiB for %2.</source>
        <translation>%1 上的 AdminServer 为 %2 发送了超过 16 MiB 的数据。</translation>
    </message>
    <message>
        <source>The AdminServer at %1 did not answer %2.</source>
        <translation>%1 上的 AdminServer 没有回答 %2。</translation>
    </message>
    <message>
        <source>The AdminServer at %1 did not answer %2 (%3).</source>
        <translation>%1 上的 AdminServer 没有回答 %2（%3）。</translation>
    </message>
    <message>
        <source>No AdminServer address is set for %1: only the four-letter words are asked.</source>
        <translation>未为 %1 设置 AdminServer 地址：只询问四字命令。</translation>
    </message>
    <message>
        <source>%1 has no client address in /zookeeper/config: it cannot be asked from here.</source>
        <translation>%1 在 /zookeeper/config 中没有客户端地址：无法从这里询问。</translation>
    </message>
    <message>
        <source>Worker %1 exited with status %2.</source>
        <translation>工作进程 %1 已退出，退出状态码 %2。</translation>
    </message>
    <message>
        <source>Worker %1 was killed by signal %2.</source>
        <translation>工作进程 %1 被信号 %2 终止。</translation>
    </message>
    <message>
        <source>Worker %1 was killed by signal %2 (%3).</source>
        <translation>工作进程 %1 被信号 %2（%3）终止。</translation>
    </message>
    <message>
        <source>Worker %1 could not be waited for (%2).</source>
        <translation>无法等待工作进程 %1（%2）。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AclEditor</name>
    <message>
        <source>&amp;Add entry</source>
        <translation>添加条目(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Apply &amp;ACL</source>
        <translation>应用 ACL(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Add as &amp;entry</source>
        <translation>添加为条目(&amp;E)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>user:base64(sha1(user:password))</source>
        <translation>user:base64(sha1(user:password))</translation>
    </message>
    <message>
        <source>Digest generator</source>
        <translation>摘要生成器</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Digest id:</source>
        <translation>摘要 id：</translation>
    </message>
    <message>
        <source>The password is only hashed here; it is not stored.</source>
        <translation>密码仅在此处进行哈希计算，不会被保存。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AclTableModel</name>
    <message>
        <source>Ignored: the server uses the session&apos;s authenticated identities.</source>
        <translation>已忽略：服务器使用会话已认证的身份。</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>r</source>
        <translation>r</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>c</source>
        <translation>c</translation>
    </message>
    <message>
        <source>d</source>
        <translation>d</translation>
    </message>
    <message>
        <source>a</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Read: get data and list children</source>
        <translation>读取：获取数据并列出子节点</translation>
    </message>
    <message>
        <source>Write: set data</source>
        <translation>写入：设置数据</translation>
    </message>
    <message>
        <source>Create: create children</source>
        <translation>创建：创建子节点</translation>
    </message>
    <message>
        <source>Delete: delete children</source>
        <translation>删除：删除子节点</translation>
    </message>
    <message>
        <source>Admin: set the ACL</source>
        <translation>管理：设置 ACL</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AdminProgressDialog</name>
    <message>
        <source>Starting...</source>
        <translation>正在开始...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1: %2 so far</source>
        <translation>%1：已完成 %2</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <source>Cancelling: no new requests are sent; those already sent finish first...</source>
        <translation>正在取消：不再发送新请求；已发送的请求会先完成……</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AdminResultModel</name>
    <message>
        <source>The node does not exist (any more): another client may have deleted it.</source>
        <translation>该节点不存在（或已不存在）：可能已被另一个客户端删除。</translation>
    </message>
    <message>
        <source>Not allowed: the node&apos;s ACL does not grant this session the permission this step needs.</source>
        <translation>不允许：该节点的 ACL 未授予本会话此步骤所需的权限。</translation>
    </message>
    <message>
        <source>The node has children (another client may have added one meanwhile).</source>
        <translation>该节点有子节点（可能期间另一个客户端添加了子节点）。</translation>
    </message>
    <message>
        <source>The node changed on the server meanwhile.</source>
        <translation>期间该节点在服务器上已被修改。</translation>
    </message>
    <message>
        <source>The node already exists.</source>
        <translation>该节点已存在。</translation>
    </message>
    <message>
        <source>Its parent is ephemeral, and ephemeral nodes cannot have children.</source>
        <translation>其父节点是临时节点，临时节点不能有子节点。</translation>
    </message>
    <message>
        <source>The server refused the node&apos;s ACL: it is empty or invalid.</source>
        <translation>服务器拒绝了该节点的 ACL：ACL 为空或无效。</translation>
    </message>
    <message>
        <source>The connection to the server was lost; this step may or may not have been applied.</source>
        <translation>与服务器的连接已断开；此步骤可能已执行，也可能未执行。</translation>
    </message>
    <message>
        <source>The session expired.</source>
        <translation>会话已过期。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器未能及时响应。</translation>
    </message>
    <message>
        <source>The node&apos;s quota is exceeded.</source>
        <translation>该节点的配额已超出。</translation>
    </message>
    <message>
        <source>The server is in read-only mode and refuses writes.</source>
        <translation>服务器处于只读模式，拒绝写入。</translation>
    </message>
    <message>
        <source>The server does not support this kind of node or operation.</source>
        <translation>服务器不支持此类节点或操作。</translation>
    </message>
    <message>
        <source>The request was refused as invalid (for example a malformed path).</source>
        <translation>请求因无效被拒绝（例如路径格式错误）。</translation>
    </message>
    <message>
        <source>The operation failed (%1).</source>
        <translation>操作失败（%1）。</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未改变</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Only left</source>
        <translation>仅左侧</translation>
    </message>
    <message>
        <source>Only right</source>
        <translation>仅右侧</translation>
    </message>
    <message>
        <source>Data differs</source>
        <translation>数据不同</translation>
    </message>
    <message>
        <source>ACL differs</source>
        <translation>ACL 不同</translation>
    </message>
    <message>
        <source>Mode differs</source>
        <translation>模式不同</translation>
    </message>
    <message>
        <source>Missing parent, created empty</source>
        <translation>缺少父节点，已创建空节点</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>ACL</source>
        <translation>ACL</translation>
    </message>
    <message>
        <source>Differs: %1</source>
        <translation>不同：%1</translation>
    </message>
    <message>
        <source>Not read</source>
        <translation>未读取</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null（空值）</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>持久</translation>
    </message>
    <message>
        <source>ephemeral</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>TTL (%1 ms)</source>
        <translation>TTL（%1 毫秒）</translation>
    </message>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 对比 %2</translation>
    </message>
    <message>
        <source>Same length, different bytes</source>
        <translation>长度相同，字节不同</translation>
    </message>
    <message>
        <source>Ephemeral node: it belongs to a session on the source and is not imported.</source>
        <translation>临时节点：它属于源端的某个会话，不会被导入。</translation>
    </message>
    <message>
        <source>Cannot read the target: %1</source>
        <translation>无法读取目标：%1</translation>
    </message>
    <message>
        <source>Its parent %1 is ephemeral at the target and cannot have children.</source>
        <translation>其父节点 %1 在目标端是临时节点，不能有子节点。</translation>
    </message>
    <message>
        <source>The file says %1, but the target&apos;s mode cannot be read (containers and TTL nodes read as persistent); it is left as it is.</source>
        <translation>文件中为 %1，但无法读取目标节点的模式（容器节点和 TTL 节点读出来都是持久节点）；保持原样。</translation>
    </message>
    <message>
        <source>The target exists as a %1 node; the file says %2. A node&apos;s mode cannot be changed in place.</source>
        <translation>目标已作为%1节点存在；文件中为%2。节点的模式不能原地修改。</translation>
    </message>
    <message>
        <source>The file holds null data, but an existing node cannot be set to null; delete the target node to import it.</source>
        <translation>文件中的数据为 null，但已存在的节点不能设为 null；请先删除目标节点再导入。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AdminTask</name>
    <message>
        <source>This file cannot be imported: %1</source>
        <translation>无法导入此文件：%1</translation>
    </message>
    <message>
        <source>Listing nodes</source>
        <translation>正在列出节点</translation>
    </message>
    <message>
        <source>Reading nodes</source>
        <translation>正在读取节点</translation>
    </message>
    <message>
        <source>Deleting nodes</source>
        <translation>正在删除节点</translation>
    </message>
    <message>
        <source>Writing nodes</source>
        <translation>正在写入节点</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AppLogging</name>
    <message>
        <source>Cannot create the log directory %1.</source>
        <translation>无法创建日志目录 %1。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::BrowserPage</name>
    <message>
        <source>%1 was deleted on the server.</source>
        <translation>%1 已在服务器上被删除。</translation>
    </message>
    <message>
        <source>Filter loaded nodes by name</source>
        <translation>按名称筛选已加载的节点</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>New child node...</source>
        <translation>新建子节点...</translation>
    </message>
    <message>
        <source>create a node</source>
        <translation>创建节点</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n nodes</source>
        <translation>
            <numerusform>删除 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete recursively...</source>
        <translation>递归删除...</translation>
    </message>
    <message>
        <source>Export subtree...</source>
        <translation>导出子树...</translation>
    </message>
    <message>
        <source>Import into this node...</source>
        <translation>导入到此节点...</translation>
    </message>
    <message>
        <source>Compare with...</source>
        <translation>与...比较</translation>
    </message>
    <message>
        <source>%1 has an unsaved edit, so the panel keeps showing it. Save it or press Reload to discard it, then select %2 again.</source>
        <translation>%1 有未保存的编辑，因此面板仍显示它。请保存，或按“重新加载”放弃编辑，然后再次选择 %2。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClientAdapter</name>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <source>reconnected</source>
        <translation>已重新连接</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>The ZooKeeper client could not start a session for &quot;%1&quot;; see the log for details.</source>
        <translation>ZooKeeper 客户端无法为“%1”建立会话；详情请查看日志。</translation>
    </message>
    <message>
        <source>The connect string &quot;%1&quot; is not valid: expected host:port[,host:port...][/chroot], each port between 1 and 65535.</source>
        <translation>连接串“%1”无效：应为 host:port[,host:port...][/chroot]，每个端口在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>The session timeout must be a positive number of milliseconds.</source>
        <translation>会话超时必须是正的毫秒数。</translation>
    </message>
    <message>
        <source>A credential has no authentication scheme.</source>
        <translation>有一个凭据缺少认证方案。</translation>
    </message>
    <message>
        <source>Digest credentials must have the form user:password.</source>
        <translation>Digest 凭据的格式必须是 user:password。</translation>
    </message>
    <message>
        <source>TLS (SSL) connections are not supported by this build: Debian&apos;s ZooKeeper C client 3.8.0 is compiled without OpenSSL.</source>
        <translation>此构建不支持 TLS（SSL）连接：Debian 的 ZooKeeper C 客户端 3.8.0 编译时未启用 OpenSSL。</translation>
    </message>
    <message>
        <source>SASL authentication is not supported by this build: Debian&apos;s ZooKeeper C client 3.8.0 is compiled without Cyrus SASL.</source>
        <translation>此构建不支持 SASL 认证：Debian 的 ZooKeeper C 客户端 3.8.0 编译时未启用 Cyrus SASL。</translation>
    </message>
    <message>
        <source>jute.maxbuffer must be a positive number of bytes.</source>
        <translation>jute.maxbuffer 必须是正的字节数。</translation>
    </message>
    <message>
        <source>There is no session: the connection is not open.</source>
        <translation>没有会话：连接未打开。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClusterStatusBar</name>
    <message>
        <source>No cluster open</source>
        <translation>未打开集群</translation>
    </message>
    <message>
        <source> (read-only guard)</source>
        <translation>（只读保护）</translation>
    </message>
    <message>
        <source>no server</source>
        <translation>无服务器</translation>
    </message>
    <message>
        <source>%1 (version unknown)</source>
        <translation>%1（版本未知）</translation>
    </message>
    <message>
        <source>%1 (srvr not in the server&apos;s 4lw whitelist)</source>
        <translation>%1（srvr 不在服务器的四字命令白名单中）</translation>
    </message>
    <message>
        <source>Add srvr to 4lw.commands.whitelist on the server to see its version and mode.</source>
        <translation>在服务器的 4lw.commands.whitelist 中加入 srvr，即可查看其版本和模式。</translation>
    </message>
    <message>
        <source>%1 · ZooKeeper %2 · %3</source>
        <translation>%1 · ZooKeeper %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n znode(s), last zxid %1</source>
        <translation>
            <numerusform>%n 个 znode，最新 zxid %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <source>No session</source>
        <translation>无会话</translation>
    </message>
    <message>
        <source>Latency %1 ms</source>
        <translation>延迟 %1 毫秒</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ClusterTab</name>
    <message>
        <source>%1 (unlocked)</source>
        <translation>%1（已解锁）</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>%1  ⚠ %2</source>
        <comment>the tab title with the dashboard&apos;s alert count</comment>
        <translation>%1  ⚠ %2</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Elections</source>
        <translation>选举</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>Watch</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::CompareDialog</name>
    <message>
        <source>Compare subtrees</source>
        <translation>比较子树</translation>
    </message>
    <message>
        <source>Compare %1 with:</source>
        <translation>将 %1 与以下内容比较：</translation>
    </message>
    <message>
        <source>&amp;Cluster:</source>
        <translation>集群(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Path:</source>
        <translation>路径(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConflictDialog</name>
    <message>
        <source>Edit conflict</source>
        <translation>编辑冲突</translation>
    </message>
    <message>
        <source>&lt;b&gt;Result&lt;/b&gt; (edit it, then choose what to do):</source>
        <translation>&lt;b&gt;结果&lt;/b&gt;（编辑后选择操作）：</translation>
    </message>
    <message>
        <source>Use server&apos;s</source>
        <translation>使用服务器的</translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation>使用我的</translation>
    </message>
    <message>
        <source>Merge again</source>
        <translation>重新合并</translation>
    </message>
    <message>
        <source>&amp;Save against the server&apos;s version</source>
        <translation>基于服务器版本保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Overwrite...</source>
        <translation>覆盖(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Reload (discard my edit)</source>
        <translation>重新加载（放弃我的编辑）(&amp;R)</translation>
    </message>
    <message>
        <source>Write the result whatever the server has now (asks first).</source>
        <translation>无论服务器当前内容如何都写入结果（会先询问）。</translation>
    </message>
    <message>
        <source>Throw away your edit and show what the server has now.</source>
        <translation>放弃您的编辑，显示服务器当前的内容。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 changed on the server since you loaded it&lt;/b&gt; (version %2, now %3). Green lines changed on one side; red lines changed on both sides differently. Data shown as %4.</source>
        <translation>&lt;b&gt;自您加载以来，%1 已在服务器上被修改&lt;/b&gt;（版本 %2，现为 %3）。绿色行在一侧被修改；红色行在两侧被不同地修改。数据以 %4 显示。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loaded&lt;/b&gt; (version %1)</source>
        <translation>&lt;b&gt;已加载&lt;/b&gt;（版本 %1）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Server now&lt;/b&gt; (version %1)</source>
        <translation>&lt;b&gt;服务器当前&lt;/b&gt;（版本 %1）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your edit&lt;/b&gt;</source>
        <translation>&lt;b&gt;您的编辑&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Save against version %1</source>
        <translation>基于版本 %1 保存(&amp;S)</translation>
    </message>
    <message>
        <source>The result still has conflict markers (&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;): edit them away, or pick a side above.</source>
        <translation>结果中仍有冲突标记（&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;）：请编辑删除它们，或在上方选择一侧。</translation>
    </message>
    <message>
        <source>Both changes merged without conflict. Check the result, then save.</source>
        <translation>双方修改已无冲突地合并。请检查结果后保存。</translation>
    </message>
    <message>
        <source>Conflicts resolved. Check the result, then save.</source>
        <translation>冲突已解决。请检查结果后保存。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionSidebar</name>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>New...</source>
        <translation>新建...</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connections&lt;/b&gt;</source>
        <translation>&lt;b&gt;连接&lt;/b&gt;</translation>
    </message>
    <message>
        <source>New connection...</source>
        <translation>新建连接...</translation>
    </message>
    <message>
        <source>Embedded engine (sample data)</source>
        <translation>内嵌引擎（示例数据）</translation>
    </message>
    <message>
        <source>Starts ZooScope&apos;s own ZooKeeper-compatible engine inside the app, with sample data.</source>
        <translation>在应用内启动 ZooScope 自带的 ZooKeeper 兼容引擎，并附带示例数据。</translation>
    </message>
    <message>
        <source>
Read-only guard</source>
        <translation>
只读保护</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConsolePage</name>
    <message>
        <source>[exit %1]</source>
        <comment>after a console command that failed</comment>
        <translation>[退出码 %1]</translation>
    </message>
    <message>
        <source>run “%1” in the console</source>
        <comment>the guard&apos;s action; %1 is the command</comment>
        <translation>在控制台运行“%1”</translation>
    </message>
    <message>
        <source>A zooscope-ctl command (ls /, get PATH, help) or a four-letter word (srvr, mntr)</source>
        <translation>zooscope-ctl 命令（ls /、get 路径、help）或四字命令（srvr、mntr）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ask the running command to stop (ends watch, lock waits...)</source>
        <translation>请求正在运行的命令停止（结束 watch、锁等待等）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Commands and their output are zooscope-ctl&apos;s (type help). Up and Down recall earlier lines; a path completes from the server as you type it.</source>
        <translation>命令及其输出与 zooscope-ctl 相同（输入 help 查看）。上下方向键调出先前输入的行；输入路径时会根据服务器上的节点自动补全。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::CoordinationPage</name>
    <message>
        <source>Show %1 in the tree</source>
        <translation>在树中显示 %1</translation>
    </message>
    <message>
        <source>Copy the rows</source>
        <translation>复制这些行</translation>
    </message>
    <message>
        <source>Not scanned yet.</source>
        <translation>尚未扫描。</translation>
    </message>
    <message>
        <source>Rescan at %1 failed: %2</source>
        <translation>%1 的重新扫描失败：%2</translation>
    </message>
    <message numerus="yes">
        <source>Rescanned at %1: %n nodes read</source>
        <translation>
            <numerusform>已于 %1 重新扫描：读取了 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>(incomplete: %1)</source>
        <translation>（不完整：%1）</translation>
    </message>
    <message numerus="yes">
        <source>%n recipe nodes watched</source>
        <translation>
            <numerusform>监视 %n 个配方节点</numerusform>
        </translation>
    </message>
    <message>
        <source>some servers refuse cons: no client addresses</source>
        <translation>部分服务器拒绝 cons：无客户端地址</translation>
    </message>
    <message>
        <source>connected from %1</source>
        <translation>从 %1 连接</translation>
    </message>
    <message>
        <source>client address unknown</source>
        <translation>客户端地址未知</translation>
    </message>
    <message numerus="yes">
        <source>Session %1, %2: %n rows here</source>
        <translation>
            <numerusform>会话 %1，%2：此处 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Root:</source>
        <translation>根：</translation>
    </message>
    <message>
        <source>Rescan now</source>
        <translation>立即重新扫描</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::CreateNodeDialog</name>
    <message>
        <source>Persistent</source>
        <translation>持久</translation>
    </message>
    <message>
        <source>Persistent sequential</source>
        <translation>持久顺序</translation>
    </message>
    <message>
        <source>Ephemeral</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>Ephemeral sequential</source>
        <translation>临时顺序</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Persistent with TTL</source>
        <translation>带 TTL 的持久节点</translation>
    </message>
    <message>
        <source>Persistent sequential with TTL</source>
        <translation>带 TTL 的持久顺序节点</translation>
    </message>
    <message>
        <source>&amp;TTL (ms):</source>
        <translation>TTL（毫秒）(&amp;T)：</translation>
    </message>
    <message>
        <source>Create node under %1</source>
        <translation>在 %1 下创建节点</translation>
    </message>
    <message>
        <source>Deleted when this session ends.</source>
        <translation>在此会话结束时删除。</translation>
    </message>
    <message>
        <source>Deleted by the server once its last child is gone.</source>
        <translation>在最后一个子节点消失后由服务器删除。</translation>
    </message>
    <message>
        <source>Deleted by the server when unchanged for the TTL and childless (the server needs extendedTypesEnabled).</source>
        <translation>在 TTL 期间未被修改且没有子节点时由服务器删除（服务器需要启用 extendedTypesEnabled）。</translation>
    </message>
    <message>
        <source>1 to %1 milliseconds.</source>
        <translation>1 到 %1 毫秒。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Parent:</source>
        <translation>父节点：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>模式(&amp;M)：</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>A&amp;CL</source>
        <translation>ACL(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>&lt;counter&gt;</source>
        <translation>&lt;计数器&gt;</translation>
    </message>
    <message>
        <source>Enter a name for the node.</source>
        <translation>请输入节点名称。</translation>
    </message>
    <message>
        <source>A name cannot contain &apos;/&apos;; create the parents first.</source>
        <translation>名称不能包含“/”；请先创建父节点。</translation>
    </message>
    <message>
        <source>&quot;.&quot; and &quot;..&quot; are not allowed as node names.</source>
        <translation>不允许使用“.”和“..”作为节点名称。</translation>
    </message>
    <message>
        <source>The name contains a control character.</source>
        <translation>名称包含控制字符。</translation>
    </message>
    <message>
        <source>The TTL must be between 1 and %1 milliseconds.</source>
        <translation>TTL 必须在 1 到 %1 毫秒之间。</translation>
    </message>
    <message>
        <source>The data cannot be encoded: %1</source>
        <translation>数据无法编码：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DashboardPage</name>
    <message>
        <source>Charts over:</source>
        <translation>图表时间范围：</translation>
    </message>
    <message>
        <source>the last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>the last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export the timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Timeline exported to %1.</source>
        <translation>时间线已导出到 %1。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DataEditor</name>
    <message>
        <source>Pretty-print</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>How the data is read: detected when the node is loaded; choose another to validate and highlight it differently.</source>
        <translation>数据的解读方式：在加载节点时自动检测；选择其他格式可按不同方式校验和高亮。</translation>
    </message>
    <message>
        <source>How the bytes become text. Only encodings that give back exactly the same bytes can be chosen; anything else is edited as hex.</source>
        <translation>字节转换为文本的方式。只能选择能够还原出完全相同字节的编码；其他情况以十六进制编辑。</translation>
    </message>
    <message>
        <source>Reformat the text with indentation (undo with Ctrl+Z).</source>
        <translation>用缩进重新格式化文本（可用 Ctrl+Z 撤销）。</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>These bytes are not valid UTF-8, so they stay in hex to keep them exact.</source>
        <translation>这些字节不是有效的 UTF-8，因此以十六进制显示以保持原样。</translation>
    </message>
    <message>
        <source>The text cannot be kept as %1: %2</source>
        <translation>文本无法保持为 %1：%2</translation>
    </message>
    <message>
        <source>These bytes are not valid %1: showing them that way would change them. Choose another encoding or hex.</source>
        <translation>这些字节不是有效的 %1：以该方式显示会改变它们。请选择其他编码或十六进制。</translation>
    </message>
    <message>
        <source>&lt;a href=&quot;#error&quot;&gt;Line %1, column %2&lt;/a&gt;: %3</source>
        <translation>&lt;a href=&quot;#error&quot;&gt;第 %1 行，第 %2 列&lt;/a&gt;：%3</translation>
    </message>
    <message>
        <source>The node holds no data (null).</source>
        <translation>该节点没有数据（null）。</translation>
    </message>
    <message>
        <source>Valid %1.</source>
        <translation>有效的 %1。</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be encoded</source>
        <translation>无法编码</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DemoCardActions</name>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <source>Failed: %1 (%2)</source>
        <translation>失败：%1（%2）</translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation>对 %2 执行 %1 失败：%3</translation>
    </message>
    <message>
        <source>kill -9 (SIGKILL)</source>
        <translation>kill -9（SIGKILL）</translation>
    </message>
    <message>
        <source>stop (SIGTERM)</source>
        <translation>停止（SIGTERM）</translation>
    </message>
    <message>
        <source>pause (SIGSTOP)</source>
        <translation>暂停（SIGSTOP）</translation>
    </message>
    <message>
        <source>resume (SIGCONT)</source>
        <translation>恢复（SIGCONT）</translation>
    </message>
    <message>
        <source>restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>isolate from its peers</source>
        <translation>与其他节点隔离（isolate）</translation>
    </message>
    <message>
        <source>heal its peer links</source>
        <translation>恢复节点间连接（heal）</translation>
    </message>
    <message>
        <source>slow its peer links by %1 ms each way</source>
        <translation>节点间连接每个方向延迟 %1 ms</translation>
    </message>
    <message>
        <source>restore its peer links&apos; speed</source>
        <translation>恢复节点间连接的速度</translation>
    </message>
    <message>
        <source>Asked: %1</source>
        <translation>已请求：%1</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>节点 %1</translation>
    </message>
    <message>
        <source>Kill (SIGKILL)</source>
        <translation>强制终止（SIGKILL）</translation>
    </message>
    <message>
        <source>Stop (SIGTERM)</source>
        <translation>停止（SIGTERM）</translation>
    </message>
    <message>
        <source>Pause (SIGSTOP)</source>
        <translation>暂停（SIGSTOP）</translation>
    </message>
    <message>
        <source>Resume (SIGCONT)</source>
        <translation>恢复（SIGCONT）</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Isolate from its peers</source>
        <translation>与其他节点隔离</translation>
    </message>
    <message>
        <source>Heal its peer links</source>
        <translation>恢复节点间连接</translation>
    </message>
    <message>
        <source>Slow its peer links</source>
        <translation>减慢节点间连接</translation>
    </message>
    <message>
        <source>+%1 ms each way</source>
        <translation>每个方向 +%1 ms</translation>
    </message>
    <message>
        <source>Full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>paused (SIGSTOP), pid %1</source>
        <translation>已暂停（SIGSTOP），pid %1</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>dead: %1</source>
        <translation>已终止：%1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>observer</source>
        <translation>观察者</translation>
    </message>
    <message>
        <source>isolated from its peers</source>
        <translation>已与其他节点隔离</translation>
    </message>
    <message>
        <source>peer links +%1 ms</source>
        <translation>节点间连接 +%1 ms</translation>
    </message>
    <message>
        <source>Demo node %1: %2</source>
        <translation>演示节点 %1：%2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DemoEnsemble</name>
    <message>
        <source>engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>ZooKeeper</source>
        <translation>ZooKeeper</translation>
    </message>
    <message>
        <source>The workload could not start: %1</source>
        <translation>负载无法启动：%1</translation>
    </message>
    <message>
        <source>Worker %1 could not start: %2</source>
        <translation>工作进程 %1 无法启动：%2</translation>
    </message>
    <message>
        <source>Demo: %1 × %2 + observer</source>
        <comment>3 × engine</comment>
        <translation>演示：%1 × %2 + 观察者</translation>
    </message>
    <message>
        <source>Demo: %1 × %2</source>
        <comment>3 × engine</comment>
        <translation>演示：%1 × %2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ElectionsModel</name>
    <message>
        <source>Election</source>
        <translation>选举</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选者</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>leads</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>candidate %1</source>
        <translation>候选者 %1</translation>
    </message>
    <message>
        <source>session gone</source>
        <translation>会话已消失</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::EnsembleModel</name>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>observer</source>
        <translation>观察者</translation>
    </message>
    <message>
        <source>standalone</source>
        <translation>单机</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <source>down</source>
        <translation>宕机</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>Average latency (ms)</source>
        <translation>平均延迟（毫秒）</translation>
    </message>
    <message>
        <source>Outstanding requests</source>
        <translation>未完成请求</translation>
    </message>
    <message>
        <source>Packets/s</source>
        <translation>数据包/秒</translation>
    </message>
    <message>
        <source>Znodes</source>
        <translation>Znode 数</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>Watch 数</translation>
    </message>
    <message>
        <source>Data size (bytes)</source>
        <translation>数据大小（字节）</translation>
    </message>
    <message>
        <source>Follower lag (zxids)</source>
        <translation>跟随者落后（zxid）</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 ms</source>
        <translation>%1 / %2 / %3 毫秒</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 (%2 synced)</source>
        <translation>%1（%2 个已同步）</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>纪元</translation>
    </message>
    <message>
        <source>Zxid</source>
        <translation>Zxid</translation>
    </message>
    <message>
        <source>Latency min/avg/max</source>
        <translation>延迟 最小/平均/最大</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>未完成请求</translation>
    </message>
    <message>
        <source>Ephemerals</source>
        <translation>临时节点数</translation>
    </message>
    <message>
        <source>Data size</source>
        <translation>数据大小</translation>
    </message>
    <message>
        <source>Open file descriptors</source>
        <translation>打开的文件描述符</translation>
    </message>
    <message>
        <source>Followers</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>%1 stopped answering (was %2)</source>
        <translation>%1 不再应答（此前为%2）</translation>
    </message>
    <message>
        <source>%1 answers again as %2</source>
        <translation>%1 重新应答，模式为%2</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>%1 does not answer</source>
        <translation>%1 没有应答</translation>
    </message>
    <message>
        <source>%1 restarted (up for %2)</source>
        <translation>%1 已重启（已运行 %2）</translation>
    </message>
    <message>
        <source>%1: version %2 → %3</source>
        <translation>%1：版本 %2 → %3</translation>
    </message>
    <message>
        <source>%1 leads (epoch %2)</source>
        <translation>%1 成为领导者（纪元 %2）</translation>
    </message>
    <message>
        <source>%1 leads</source>
        <translation>%1 成为领导者</translation>
    </message>
    <message>
        <source>Down: no answer on any channel</source>
        <translation>宕机：所有通道均无应答</translation>
    </message>
    <message>
        <source>%1 znodes (alert above %2)</source>
        <translation>%1 个 znode（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>%1 connections (alert above %2)</source>
        <translation>%1 个连接（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>Data size %1 (alert above %2)</source>
        <translation>数据大小 %1（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>%1 watches (alert above %2)</source>
        <translation>%1 个 watch（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>%1 open file descriptors (alert above %2)</source>
        <translation>%1 个打开的文件描述符（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>Fsync takes more than %1 ms per second</source>
        <translation>fsync 每秒耗时超过 %1 毫秒</translation>
    </message>
    <message>
        <source>Snapshots take more than %1 ms per second</source>
        <translation>快照每秒耗时超过 %1 毫秒</translation>
    </message>
    <message>
        <source>Average latency %1 ms (alert above %2 ms)</source>
        <translation>平均延迟 %1 毫秒（超过 %2 毫秒时告警）</translation>
    </message>
    <message>
        <source>Answers, but serves no requests (electing, or no quorum)</source>
        <translation>有应答，但不处理请求（正在选举或没有法定人数）</translation>
    </message>
    <message>
        <source>Quorum lost: fewer voting members answer than a quorum needs</source>
        <translation>法定人数丢失：应答的投票成员少于法定人数</translation>
    </message>
    <message>
        <source>%1 zxids behind the leader (alert above %2)</source>
        <translation>落后领导者 %1 个 zxid（超过 %2 时告警）</translation>
    </message>
    <message>
        <source>Split brain: another server leads the same epoch</source>
        <translation>脑裂：另一台服务器在同一纪元中担任领导者</translation>
    </message>
    <message>
        <source>Stale leader: still says leader, of an older epoch than the leader&apos;s</source>
        <translation>过时的领导者：仍自称领导者，但纪元早于当前领导者</translation>
    </message>
    <message>
        <source>An election %1 ago</source>
        <translation>%1 前发生了选举</translation>
    </message>
    <message>
        <source>Enough voting members answer again</source>
        <translation>应答的投票成员重新达到法定人数</translation>
    </message>
    <message>
        <source>Restarted %1 ago</source>
        <translation>%1 前重启</translation>
    </message>
    <message>
        <source>Version changed to %1</source>
        <translation>版本已变为 %1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::FourLetterWordClient</name>
    <message>
        <source>No server to ask: the connection is not open.</source>
        <translation>没有可查询的服务器：连接未打开。</translation>
    </message>
    <message>
        <source>The server did not answer &quot;%1&quot; within %2 ms.</source>
        <translation>服务器未在 %2 毫秒内响应“%1”。</translation>
    </message>
    <message>
        <source>Cannot reach %1:%2: %3</source>
        <translation>无法连接 %1:%2：%3</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::GuardBanner</name>
    <message>
        <source>Unlock writes</source>
        <translation>解锁写入</translation>
    </message>
    <message>
        <source>%1 is marked as a guarded (production) cluster.

Allow changes to it until this tab is closed?</source>
        <translation>%1 被标记为受保护的（生产）集群。

在关闭此标签页之前允许对其进行修改吗？</translation>
    </message>
    <message>
        <source>&lt;b&gt;Writes unlocked&lt;/b&gt; for this session on a guarded cluster. Changes go to the server.</source>
        <translation>已在本次会话中为受保护集群&lt;b&gt;解锁写入&lt;/b&gt;。修改将写入服务器。</translation>
    </message>
    <message>
        <source>Lock again</source>
        <translation>重新锁定</translation>
    </message>
    <message>
        <source>&lt;b&gt;Read-only guard:&lt;/b&gt; this cluster refuses every write until you unlock it for this session.</source>
        <translation>&lt;b&gt;只读保护：&lt;/b&gt;在本次会话中解锁之前，此集群拒绝所有写操作。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ImportPreviewDialog</name>
    <message>
        <source>Import preview</source>
        <translation>导入预览</translation>
    </message>
    <message>
        <source>Dry run of importing %1 (exported from %2) into %3. Nothing has been written yet.</source>
        <translation>将 %1（导出自 %2）导入到 %3 的试运行。目前尚未写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) of the target could not be read; they are left alone.</source>
        <translation>
            <numerusform>目标中有 %n 个节点无法读取；它们将保持不变。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overwrite the %n existing node(s) whose data or ACL differ (otherwise they are kept)</source>
        <translation>
            <numerusform>覆盖数据或 ACL 不同的 %n 个已有节点（否则保留它们）</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Skipped nodes are ephemeral: they belong to a session of the source.</source>
        <translation>跳过的节点是临时节点：它们属于源端的某个会话。</translation>
    </message>
    <message>
        <source>Nodes in conflict are never written; the table says why.</source>
        <translation>冲突的节点永远不会被写入；表格中说明了原因。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::KafkaBrokersModel</name>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Leaders</source>
        <translation>首领数</translation>
    </message>
    <message>
        <source>Leader skew</source>
        <translation>首领偏斜</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>副本不足</translation>
    </message>
    <message>
        <source>Leaders away from the mean: amber past %1 %, red past %2 %</source>
        <translation>首领数偏离平均值：超过 %1 % 为琥珀色，超过 %2 % 为红色</translation>
    </message>
    <message>
        <source>%1 (controller)</source>
        <translation>%1（控制器）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LoadAllStatsBar</name>
    <message numerus="yes">
        <source>%1 has %n child(ren) without stats; it stays sorted by name until every stat is loaded.</source>
        <translation>
            <numerusform>%1 有 %n 个子节点尚无状态信息；在全部状态加载完成之前，仍按名称排序。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Load all stats</source>
        <translation>加载全部状态</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LocksModel</name>
    <message>
        <source>Lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Held since</source>
        <translation>持有起始</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>等待者</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>(free)</source>
        <translation>（空闲）</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message numerus="yes">
        <source>%1 (+%n more)</source>
        <translation>
            <numerusform>%1（另有 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>holds</source>
        <translation>持有</translation>
    </message>
    <message>
        <source>waits (%1)</source>
        <translation>等待（%1）</translation>
    </message>
    <message>
        <source>waiting since %1</source>
        <translation>自 %1 起等待</translation>
    </message>
    <message>
        <source>session gone</source>
        <translation>会话已消失</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LogModel</name>
    <message>
        <source>trace</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::LogPanel</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <source>No log file (see the messages above).</source>
        <translation>没有日志文件（请参见上方消息）。</translation>
    </message>
    <message>
        <source>Full log: %1</source>
        <translation>完整日志：%1</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::MainWindow</name>
    <message>
        <source>ZooScope</source>
        <translation>ZooScope</translation>
    </message>
    <message>
        <source>Open a connection from the list on the left, or create one with Connection → New connection.</source>
        <translation>从左侧列表打开一个连接，或通过“连接 → 新建连接”创建一个。</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Embedded engine</source>
        <translation>内嵌引擎</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New connection...</source>
        <translation>新建连接(&amp;N)...</translation>
    </message>
    <message>
        <source>Open &amp;connect string...</source>
        <translation>打开连接字符串(&amp;C)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open connect string</source>
        <translation>打开连接字符串</translation>
    </message>
    <message>
        <source>host:port[,host:port...][/chroot]</source>
        <translation>主机:端口[,主机:端口...][/chroot]</translation>
    </message>
    <message>
        <source>&amp;Import profiles...</source>
        <translation>导入配置(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Export profiles...</source>
        <translation>导出配置(&amp;E)...</translation>
    </message>
    <message>
        <source>Close &amp;tab</source>
        <translation>关闭标签页(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Log panel</source>
        <translation>日志面板(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ZooScope</source>
        <translation>关于 ZooScope(&amp;A)</translation>
    </message>
    <message>
        <source>This window has no embedded engine.</source>
        <translation>此窗口没有内嵌引擎。</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <source>%1

Password of digest user &apos;%2&apos; (kept in memory for this session only):</source>
        <translation>%1

摘要用户“%2”的密码（仅在本次会话中保存在内存里）：</translation>
    </message>
    <message>
        <source>Cannot connect</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>%1 cannot be opened:

%2</source>
        <translation>无法打开 %1：

%2</translation>
    </message>
    <message>
        <source>No password is stored for this profile.</source>
        <translation>此配置没有保存密码。</translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation>没有钥匙串</translation>
    </message>
    <message>
        <source>%1

ZooScope will ask for it again after a restart.</source>
        <translation>%1

重启后 ZooScope 会再次询问密码。</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>Delete connection</source>
        <translation>删除连接</translation>
    </message>
    <message>
        <source>Delete the connection &quot;%1&quot; and its stored password?</source>
        <translation>删除连接“%1”及其保存的密码吗？</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>ZooScope profiles (*.json);;All files (*)</source>
        <translation>ZooScope 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s). Passwords are not part of an export: enter them when connecting.</source>
        <translation>
            <numerusform>已导入 %n 个配置。导出文件中不包含密码：请在连接时输入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>ZooScope profiles (*.json)</source>
        <translation>ZooScope 配置 (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) without passwords.</source>
        <translation>
            <numerusform>已导出 %n 个配置（不含密码）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>About ZooScope</source>
        <translation>关于 ZooScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZooScope %1&lt;/h3&gt;&lt;p&gt;A desktop client for Apache ZooKeeper 3.8 ensembles, with its own ZooKeeper-compatible engine.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ZooScope %1&lt;/h3&gt;&lt;p&gt;Apache ZooKeeper 3.8 集群的桌面客户端，自带 ZooKeeper 兼容引擎。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — ZooScope</source>
        <translation>%1 — ZooScope</translation>
    </message>
    <message>
        <source>&amp;Node</source>
        <translation>节点(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete selected</source>
        <translation>删除所选(&amp;D)</translation>
    </message>
    <message>
        <source>Delete &amp;recursively...</source>
        <translation>递归删除(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Export subtree...</source>
        <translation>导出子树(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Import subtree...</source>
        <translation>导入子树(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Compare with...</source>
        <translation>比较(&amp;C)...</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>This build has no translation for %1; the texts stay in English.</source>
        <translation>此版本没有 %1 的翻译；界面文字保持英文。</translation>
    </message>
    <message>
        <source>New &amp;demo ensemble…</source>
        <translation>新建演示集群(&amp;D)…</translation>
    </message>
    <message>
        <source>Start a local ensemble of 1, 3 or 5 nodes with a workload, to break on purpose</source>
        <translation>启动一个 1、3 或 5 节点的本地集群并运行负载，可随意破坏以观察其行为</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在启动 %1…</translation>
    </message>
    <message>
        <source>Demo ensemble</source>
        <translation>演示集群</translation>
    </message>
    <message>
        <source>%1
Files in %2</source>
        <translation>%1
文件位于 %2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::NewDemoDialog</name>
    <message>
        <source>Add an observer (a non-voting member)</source>
        <translation>添加一个观察者（无投票权的成员）</translation>
    </message>
    <message>
        <source>In a temporary folder, removed when the demo stops</source>
        <translation>放在临时文件夹中，演示结束时删除</translation>
    </message>
    <message>
        <source>In this folder, kept:</source>
        <translation>放在此文件夹中并保留：</translation>
    </message>
    <message>
        <source>Run the stream workload on it</source>
        <translation>在其上运行流处理负载</translation>
    </message>
    <message>
        <source>New demo ensemble</source>
        <translation>新建演示集群</translation>
    </message>
    <message>
        <source>ZooScope engine</source>
        <translation>ZooScope 引擎</translation>
    </message>
    <message>
        <source>Apache ZooKeeper</source>
        <translation>Apache ZooKeeper</translation>
    </message>
    <message>
        <source>Not installed: %1</source>
        <translation>未安装：%1</translation>
    </message>
    <message>
        <source>Apache ZooKeeper (not installed)</source>
        <translation>Apache ZooKeeper（未安装）</translation>
    </message>
    <message>
        <source>a folder for the nodes&apos; data and logs</source>
        <translation>存放节点数据和日志的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder for the demo&apos;s data</source>
        <translation>演示数据的文件夹</translation>
    </message>
    <message>
        <source>Workers:</source>
        <translation>工作进程：</translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation>分区：</translation>
    </message>
    <message>
        <source>Virtual nodes per worker:</source>
        <translation>每个工作进程的虚拟节点数：</translation>
    </message>
    <message>
        <source>Servers:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Voting members:</source>
        <translation>投票成员：</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Name the folder to keep the data in, or choose a temporary folder.</source>
        <translation>请指定保存数据的文件夹，或选择临时文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::NodePanel</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>重新加载(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New child...</source>
        <translation>新建子节点(&amp;N)...</translation>
    </message>
    <message>
        <source>Read-only guard</source>
        <translation>只读保护</translation>
    </message>
    <message>
        <source>This cluster&apos;s profile is guarded: writes are refused until you unlock it for this session.</source>
        <translation>此集群的配置启用了保护：在本次会话中解锁之前，所有写操作都会被拒绝。</translation>
    </message>
    <message>
        <source>Save the data, checked against the version you loaded (Ctrl+S).</source>
        <translation>保存数据，并与您加载时的版本进行校验 (Ctrl+S)。</translation>
    </message>
    <message>
        <source>Load the node again from the server (F5).</source>
        <translation>从服务器重新加载该节点 (F5)。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ACL</source>
        <translation>ACL</translation>
    </message>
    <message>
        <source>No node selected</source>
        <translation>未选择节点</translation>
    </message>
    <message>
        <source>&amp;Save (locked)</source>
        <translation>保存（已锁定）(&amp;S)</translation>
    </message>
    <message>
        <source>This cluster is read-only: the guard refuses to %1. Unlock it for this session to make changes.</source>
        <translation>此集群为只读：保护机制拒绝%1。请在本次会话中解锁后再进行修改。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>The node&apos;s ACL: %1.</source>
        <translation>该节点的 ACL：%1。</translation>
    </message>
    <message>
        <source>The server does not let this session read the node&apos;s ACL either.</source>
        <translation>服务器也不允许此会话读取该节点的 ACL。</translation>
    </message>
    <message>
        <source>This session has no identity besides its address.</source>
        <translation>除了地址之外，此会话没有其他身份。</translation>
    </message>
    <message>
        <source>This session&apos;s identities: %1 (the credentials this connection added and the address it connects from; the C client cannot ask the server, it has no whoAmI).</source>
        <translation>此会话的身份：%1（此连接添加的凭据及其连接来源地址；C 客户端没有 whoAmI，无法向服务器查询）。</translation>
    </message>
    <message>
        <source>save the data</source>
        <translation>保存数据</translation>
    </message>
    <message>
        <source>Load a node before saving.</source>
        <translation>请先加载一个节点再保存。</translation>
    </message>
    <message>
        <source>Not saved: the text cannot be written as %1. %2</source>
        <translation>未保存：文本无法以 %1 写入。%2</translation>
    </message>
    <message>
        <source>Save invalid data?</source>
        <translation>保存无效数据？</translation>
    </message>
    <message>
        <source>The data is not valid %1 (%2). Save it anyway?</source>
        <translation>数据不是有效的 %1（%2）。仍然保存吗？</translation>
    </message>
    <message>
        <source>Saved %1 (version %2).</source>
        <translation>已保存 %1（版本 %2）。</translation>
    </message>
    <message>
        <source>Not saved. %1</source>
        <translation>未保存。%1</translation>
    </message>
    <message>
        <source>%1 changed on the server since you loaded it; fetching its current data...</source>
        <translation>自您加载以来，%1 已在服务器上被修改；正在获取其当前数据...</translation>
    </message>
    <message>
        <source>Not saved: %1 changed on the server. Your edit is still here; save again to compare, or reload.</source>
        <translation>未保存：%1 已在服务器上被修改。您的编辑仍然保留；再次保存以进行比较，或重新加载。</translation>
    </message>
    <message>
        <source>Not saved: the result cannot be written as %1. %2</source>
        <translation>未保存：结果无法以 %1 写入。%2</translation>
    </message>
    <message>
        <source>Save conflict markers?</source>
        <translation>保存冲突标记？</translation>
    </message>
    <message>
        <source>The result still holds conflict markers (&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;). Save it like that?</source>
        <translation>结果中仍有冲突标记（&lt;&lt;&lt;&lt;&lt;&lt;&lt; ... &gt;&gt;&gt;&gt;&gt;&gt;&gt;）。确定这样保存吗？</translation>
    </message>
    <message>
        <source>overwrite the data</source>
        <translation>覆盖数据</translation>
    </message>
    <message>
        <source>Overwrite?</source>
        <translation>覆盖？</translation>
    </message>
    <message>
        <source>Replace the data of %1 with the result, whatever the server holds by then? The other client&apos;s change is lost.</source>
        <translation>无论服务器届时保存的是什么，都用结果替换 %1 的数据吗？另一个客户端的修改将会丢失。</translation>
    </message>
    <message>
        <source>change the ACL</source>
        <translation>修改 ACL</translation>
    </message>
    <message>
        <source>Load a node before changing its ACL.</source>
        <translation>请先加载一个节点再修改其 ACL。</translation>
    </message>
    <message>
        <source>The ACL of %1 could not be read, so it cannot be changed safely.</source>
        <translation>无法读取 %1 的 ACL，因此无法安全地修改它。</translation>
    </message>
    <message>
        <source>ACL not applied: %1</source>
        <translation>ACL 未应用：%1</translation>
    </message>
    <message>
        <source>ACL not applied. %1</source>
        <translation>ACL 未应用。%1</translation>
    </message>
    <message>
        <source>ACL of %1 applied.</source>
        <translation>已应用 %1 的 ACL。</translation>
    </message>
    <message>
        <source>create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>Not created. %1</source>
        <translation>未创建。%1</translation>
    </message>
    <message>
        <source>Created %1.</source>
        <translation>已创建 %1。</translation>
    </message>
    <message>
        <source>The loaded and server versions are shown pretty-printed, like your edit, so that their lines compare.</source>
        <translation>加载的版本和服务器版本与您的编辑一样以格式化方式显示，以便逐行比较。</translation>
    </message>
    <message>
        <source>All three versions are shown pretty-printed, your edit too, so that their lines compare.</source>
        <translation>三个版本（包括您的编辑）都以格式化方式显示，以便逐行比较。</translation>
    </message>
    <message>
        <source>ACL not applied: another client changed the ACL of %1 after you loaded it, and it cannot be read now. %2 Your entries are still in the editor.</source>
        <translation>ACL 未应用：加载后另一个客户端修改了 %1 的 ACL，且现在无法读取。%2 你的条目仍在编辑器中。</translation>
    </message>
    <message>
        <source>ACL not applied: another client changed the ACL of %1 after you loaded it. The server&apos;s ACL is now: %2
Your entries are still in the editor: apply them again to replace the server&apos;s ACL with them, or reload to take the server&apos;s.</source>
        <translation>ACL 未应用：加载后另一个客户端修改了 %1 的 ACL。服务器上的 ACL 现在是：%2
你的条目仍在编辑器中：再次应用即用它们替换服务器的 ACL，或重新加载以采用服务器的 ACL。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::OperationDialogs</name>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>ZooScope export (*.json);;All files (*)</source>
        <translation>ZooScope 导出文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>import into %1</source>
        <translation>导入到 %1</translation>
    </message>
    <message>
        <source>Import a subtree</source>
        <translation>导入子树</translation>
    </message>
    <message>
        <source>The exported root %1 becomes this path (missing parents are created). A preview follows; nothing is written yet.</source>
        <translation>导出的根节点 %1 将成为此路径（缺少的父节点会被创建）。接下来会显示预览；目前不会写入任何内容。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::PartitionRing</name>
    <message>
        <source>Select a stream job to see its ring.</source>
        <translation>选择一个流作业以查看其哈希环。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n partitions</source>
        <translation>
            <numerusform>%1：%n 个分区</numerusform>
        </translation>
    </message>
    <message>
        <source>generation %1</source>
        <translation>第 %1 代</translation>
    </message>
    <message numerus="yes">
        <source>%n workers</source>
        <translation>
            <numerusform>%n 个 worker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partitions</source>
        <translation>
            <numerusform>%n 个分区</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without an owner</source>
        <translation>
            <numerusform>%n 个无所有者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>moving %n partitions</source>
        <translation>
            <numerusform>正在移动 %n 个分区</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::PartitionsModel</name>
    <message>
        <source>stream job</source>
        <translation>流作业</translation>
    </message>
    <message>
        <source>kazoo SetPartitioner</source>
        <translation>kazoo SetPartitioner</translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation>Kafka</translation>
    </message>
    <message>
        <source>Item / partition</source>
        <translation>条目 / 分区</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Owner / leader</source>
        <translation>所有者 / 首领</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏移量</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>ISR</source>
        <translation>ISR</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>controller: broker %1</source>
        <translation>控制器：broker %1</translation>
    </message>
    <message>
        <source>no controller</source>
        <translation>无控制器</translation>
    </message>
    <message>
        <source>generation %1</source>
        <translation>第 %1 代</translation>
    </message>
    <message numerus="yes">
        <source>%n members: %1</source>
        <translation>
            <numerusform>%n 个成员：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>last moves: %1</source>
        <translation>最近移动：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n under-replicated</source>
        <translation>
            <numerusform>%n 个副本不足</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n 个离线</numerusform>
        </translation>
    </message>
    <message>
        <source>suspicious: %1</source>
        <translation>可疑：%1</translation>
    </message>
    <message>
        <source>(no leader)</source>
        <translation>（无首领）</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（无人）</translation>
    </message>
    <message>
        <source>broker %1</source>
        <translation>broker %1</translation>
    </message>
    <message>
        <source>under-replicated</source>
        <translation>副本不足</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>无所有者</translation>
    </message>
    <message>
        <source>claimed by another worker</source>
        <translation>被其他 worker 认领</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>已移动</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::PartitionsPage</name>
    <message>
        <source>No stream job, kazoo SetPartitioner or Kafka layout under the root.</source>
        <translation>根节点下没有流作业、kazoo SetPartitioner 或 Kafka 布局。</translation>
    </message>
    <message>
        <source>Kafka at %1 · controller: broker %2</source>
        <translation>%1 处的 Kafka · 控制器：broker %2</translation>
    </message>
    <message>
        <source>Kafka at %1 · no controller</source>
        <translation>%1 处的 Kafka · 无控制器</translation>
    </message>
    <message>
        <source>%1 is a kazoo SetPartitioner: its members split the items among themselves in order (no hash ring); the table beside lists who holds which.</source>
        <translation>%1 是一个 kazoo SetPartitioner：其成员按顺序在彼此之间分配条目（没有哈希环）；旁边的表格列出了谁持有哪些条目。</translation>
    </message>
    <message>
        <source>Root %1, rescanned at %2</source>
        <translation>根节点 %1，已于 %2 重新扫描</translation>
    </message>
    <message>
        <source>Root %1, not scanned yet</source>
        <translation>根节点 %1，尚未扫描</translation>
    </message>
    <message numerus="yes">
        <source>%n partition layouts</source>
        <translation>
            <numerusform>%n 个分区布局</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n watched</source>
        <translation>
            <numerusform>%n 个已监视</numerusform>
        </translation>
    </message>
    <message>
        <source>Rescan now</source>
        <translation>立即重新扫描</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ProfileDialog</name>
    <message>
        <source>Read-only guard (production): refuse every write until unlocked for the session</source>
        <translation>只读保护（生产环境）：在本次会话解锁之前拒绝所有写操作</translation>
    </message>
    <message>
        <source>Allow read-only sessions with a partitioned server</source>
        <translation>允许与网络分区的服务器建立只读会话</translation>
    </message>
    <message>
        <source>Use SSL/TLS</source>
        <translation>使用 SSL/TLS</translation>
    </message>
    <message>
        <source>Use SASL authentication</source>
        <translation>使用 SASL 认证</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <source>Edit connection</source>
        <translation>编辑连接</translation>
    </message>
    <message>
        <source>host1:2181,host2:2181</source>
        <translation>host1:2181,host2:2181</translation>
    </message>
    <message>
        <source>/optional/chroot</source>
        <translation>/可选的/chroot</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>unchanged (stored in the OS keychain)</source>
        <translation>未更改（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Hosts:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Chroot:</source>
        <translation>Chroot(&amp;C)：</translation>
    </message>
    <message>
        <source>Session &amp;timeout:</source>
        <translation>会话超时(&amp;T)：</translation>
    </message>
    <message>
        <source>Digest authentication</source>
        <translation>摘要认证</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>The password is kept only in the OS keychain, never in ZooScope&apos;s settings.</source>
        <translation>密码只保存在系统钥匙串中，绝不会保存在 ZooScope 的设置里。</translation>
    </message>
    <message>
        <source>Safety and transport</source>
        <translation>安全与传输</translation>
    </message>
    <message>
        <source>host:clientPort=adminPort, ...</source>
        <translation>host:客户端端口=管理端口, ...</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>&amp;AdminServer port:</source>
        <translation>AdminServer 端口(&amp;A)：</translation>
    </message>
    <message>
        <source>Per &amp;server:</source>
        <translation>按服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>ZooKeeper 3.8 answers only srvr by default: its AdminServer (HTTP, 8080 unless admin.serverPort says otherwise) gives the dashboard the rest.</source>
        <translation>ZooKeeper 3.8 默认只应答 srvr：其余信息由它的 AdminServer（HTTP，默认端口 8080，除非 admin.serverPort 另有设置）提供给仪表板。</translation>
    </message>
    <message>
        <source>Alert above this value. ZooKeeper&apos;s recommendation: %1</source>
        <translation>超过此值时告警。ZooKeeper 的建议值：%1</translation>
    </message>
    <message>
        <source>Alert above znodes:</source>
        <translation>znode 数告警阈值：</translation>
    </message>
    <message>
        <source>Alert above connections:</source>
        <translation>连接数告警阈值：</translation>
    </message>
    <message>
        <source>Alert above data size (bytes):</source>
        <translation>数据大小告警阈值（字节）：</translation>
    </message>
    <message>
        <source>Alert above watches:</source>
        <translation>watch 数告警阈值：</translation>
    </message>
    <message>
        <source>Alert above open file descriptors:</source>
        <translation>打开文件描述符告警阈值：</translation>
    </message>
    <message>
        <source>Alert above fsync time (ms per s):</source>
        <translation>fsync 耗时告警阈值（毫秒/秒）：</translation>
    </message>
    <message>
        <source>Alert above snapshot time (ms per s):</source>
        <translation>快照耗时告警阈值（毫秒/秒）：</translation>
    </message>
    <message>
        <source>Alert above average latency (ms):</source>
        <translation>平均延迟告警阈值（毫秒）：</translation>
    </message>
    <message>
        <source>Alert above follower lag (zxids):</source>
        <translation>跟随者落后告警阈值（zxid）：</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ProfileStore</name>
    <message>
        <source>The file is not valid JSON (%1 at offset %2).</source>
        <translation>该文件不是有效的 JSON（偏移 %2 处：%1）。</translation>
    </message>
    <message>
        <source>The file is not a ZooScope profile export.</source>
        <translation>该文件不是 ZooScope 配置导出文件。</translation>
    </message>
    <message>
        <source>Unsupported profile export version %1.</source>
        <translation>不支持的配置导出版本 %1。</translation>
    </message>
    <message>
        <source>Profile %1 in the file has no hosts.</source>
        <translation>文件中的第 %1 个配置没有主机。</translation>
    </message>
    <message>
        <source>Invalid connect string &apos;%1&apos;: %2</source>
        <translation>无效的连接字符串“%1”：%2</translation>
    </message>
    <message>
        <source>The profile needs a name.</source>
        <translation>配置需要一个名称。</translation>
    </message>
    <message>
        <source>The session timeout must be between %1 and %2 ms.</source>
        <translation>会话超时必须在 %1 到 %2 毫秒之间。</translation>
    </message>
    <message>
        <source>A digest user name cannot contain &apos;:&apos;.</source>
        <translation>摘要用户名不能包含“:”。</translation>
    </message>
    <message>
        <source>The profile needs at least one host:port.</source>
        <translation>配置至少需要一个“主机:端口”。</translation>
    </message>
    <message>
        <source>Put the chroot in its own field, not in the host list.</source>
        <translation>请将 chroot 填写在单独的字段中，而不是主机列表里。</translation>
    </message>
    <message>
        <source>Invalid connect string: %1</source>
        <translation>无效的连接字符串：%1</translation>
    </message>
    <message>
        <source>SSL/TLS is not supported by this build (Debian&apos;s ZooKeeper C client has no TLS).</source>
        <translation>此版本不支持 SSL/TLS（Debian 的 ZooKeeper C 客户端不含 TLS）。</translation>
    </message>
    <message>
        <source>SASL is not supported by this build (Debian&apos;s ZooKeeper C client has no SASL).</source>
        <translation>此版本不支持 SASL（Debian 的 ZooKeeper C 客户端不含 SASL）。</translation>
    </message>
    <message>
        <source>The session timeout is not a usable number of milliseconds.</source>
        <translation>会话超时不是可用的毫秒数。</translation>
    </message>
    <message>
        <source>The digest credentials must have the form user:password.</source>
        <translation>Digest 凭据的格式必须是 user:password。</translation>
    </message>
    <message>
        <source>The largest reply size (jute.maxbuffer) must be a positive number of bytes.</source>
        <translation>最大响应大小（jute.maxbuffer）必须是正的字节数。</translation>
    </message>
    <message>
        <source>No server is given; expected host:port[,host:port...][/chroot].</source>
        <translation>未给出服务器；应为 host:port[,host:port...][/chroot]。</translation>
    </message>
    <message>
        <source>One of the server entries is empty.</source>
        <translation>有一个服务器条目为空。</translation>
    </message>
    <message>
        <source>The server &apos;%1&apos; needs the form host:port.</source>
        <translation>服务器“%1”的格式应为 host:port。</translation>
    </message>
    <message>
        <source>The server &apos;%1&apos; has an invalid port (expected 1-65535).</source>
        <translation>服务器“%1”的端口无效（应为 1-65535）。</translation>
    </message>
    <message>
        <source>The chroot &apos;%1&apos; must not end with &apos;/&apos;.</source>
        <translation>chroot“%1”不能以“/”结尾。</translation>
    </message>
    <message>
        <source>The chroot &apos;%1&apos; is not a valid znode path.</source>
        <translation>chroot“%1”不是有效的 znode 路径。</translation>
    </message>
    <message>
        <source>The chroot &apos;%1&apos; must not contain &apos;.&apos; or &apos;..&apos; segments.</source>
        <translation>chroot“%1”不能包含“.”或“..”路径段。</translation>
    </message>
    <message>
        <source>The connect string is malformed.</source>
        <translation>连接串格式错误。</translation>
    </message>
    <message>
        <source>The AdminServer port must be between 0 (none) and 65535.</source>
        <translation>AdminServer 端口必须在 0（无）到 65535 之间。</translation>
    </message>
    <message>
        <source>Not an AdminServer port per server (host:clientPort=adminPort): %1</source>
        <translation>不是有效的按服务器 AdminServer 端口（host:客户端端口=管理端口）：%1</translation>
    </message>
    <message>
        <source>Not an alert threshold: %1 = %2</source>
        <translation>不是有效的告警阈值：%1 = %2</translation>
    </message>
    <message>
        <source>The server &apos;%1&apos; has an invalid host name or address.</source>
        <translation>服务器“%1”的主机名或地址无效。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::RecipeHighlights</name>
    <message>
        <source>%1 held by session %2 for more than %3</source>
        <translation>%1 被会话 %2 持有超过 %3</translation>
    </message>
    <message>
        <source>%1 has no leader</source>
        <translation>%1 没有领导者</translation>
    </message>
    <message>
        <source>%1: session %2 of %3 is connected to no server</source>
        <translation>%1：%3 的会话 %2 未连接到任何服务器</translation>
    </message>
    <message>
        <source>Kafka at %1: partition %2 is under-replicated (%3 of %4 replicas in sync)</source>
        <translation>%1 处的 Kafka：分区 %2 副本不足（%4 个副本中 %3 个同步）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::RecipeItemsModel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>lock or election</source>
        <translation>锁或选举</translation>
    </message>
    <message>
        <source>Curator read-write lock</source>
        <translation>Curator 读写锁</translation>
    </message>
    <message>
        <source>Curator semaphore</source>
        <translation>Curator 信号量</translation>
    </message>
    <message>
        <source>kazoo read-write lock</source>
        <translation>kazoo 读写锁</translation>
    </message>
    <message>
        <source>kazoo semaphore</source>
        <translation>kazoo 信号量</translation>
    </message>
    <message>
        <source>ZooKeeper lock recipe</source>
        <translation>ZooKeeper 锁配方</translation>
    </message>
    <message>
        <source>Curator LeaderLatch</source>
        <translation>Curator LeaderLatch</translation>
    </message>
    <message>
        <source>ZooKeeper election recipe</source>
        <translation>ZooKeeper 选举配方</translation>
    </message>
    <message>
        <source>stream job claim</source>
        <translation>流作业认领</translation>
    </message>
    <message>
        <source>held longer than %1</source>
        <translation>持有超过 %1</translation>
    </message>
    <message>
        <source>no leader</source>
        <translation>无领导者</translation>
    </message>
    <message>
        <source>a session is gone</source>
        <translation>有会话已消失</translation>
    </message>
    <message>
        <source>suspicious: %1</source>
        <translation>可疑：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SecretStore</name>
    <message>
        <source>No password is stored in the keychain for this profile.</source>
        <translation>钥匙串中没有保存此配置的密码。</translation>
    </message>
    <message>
        <source>No OS keychain is available (%1). ZooScope never stores passwords in plain text, so the password is kept for this session only.</source>
        <translation>没有可用的系统钥匙串（%1）。ZooScope 绝不以明文保存密码，因此密码仅在本次会话中保留。</translation>
    </message>
    <message>
        <source>The keychain refused the request: %1</source>
        <translation>钥匙串拒绝了请求：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ServerCard</name>
    <message>
        <source>server.%1</source>
        <translation>server.%1</translation>
    </message>
    <message>
        <source>Listed in /zookeeper/config without a client address: not reachable from this profile.</source>
        <translation>在 /zookeeper/config 中列出但没有客户端地址：此配置无法访问它。</translation>
    </message>
    <message>
        <source>Waiting for the first answer.</source>
        <translation>正在等待第一次应答。</translation>
    </message>
    <message>
        <source>Updated %1 s ago (the poll took %2 ms)</source>
        <translation>%1 秒前更新（本次轮询耗时 %2 毫秒）</translation>
    </message>
    <message>
        <source>Actions on this server</source>
        <translation>对此服务器的操作</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SessionFilterBar</name>
    <message>
        <source>Show everything of session %1</source>
        <translation>显示会话 %1 的全部</translation>
    </message>
    <message>
        <source>Show all sessions</source>
        <translation>显示所有会话</translation>
    </message>
    <message>
        <source>Session:</source>
        <translation>会话：</translation>
    </message>
    <message>
        <source>0x… (all sessions)</source>
        <translation>0x…（所有会话）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SessionSupervisor</name>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting</source>
        <translation>连接已断开，正在重新连接</translation>
    </message>
    <message>
        <source>Reconnected</source>
        <translation>已重新连接</translation>
    </message>
    <message>
        <source>Session expired</source>
        <translation>会话已过期</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>The connection to %1 was lost. Reconnecting; the session survives if it comes back within the session timeout. Until then the tree shows what was loaded before and may be out of date.</source>
        <translation>与 %1 的连接已断开，正在重连；若在会话超时内恢复，会话将保留。在此之前，树中显示的是之前加载的内容，可能已过时。</translation>
    </message>
    <message>
        <source>The server refused the credentials of %1. Edit the profile&apos;s digest user or password and open it again.</source>
        <translation>服务器拒绝了 %1 的凭据。请修改配置中的摘要用户或密码，然后重新打开。</translation>
    </message>
    <message numerus="yes">
        <source>The session expired (ephemeral nodes and watches of this session are gone). Opening a new session in %n second(s).</source>
        <translation>
            <numerusform>会话已过期（此会话的临时节点和监视均已消失）。将在 %n 秒后打开新会话。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Follow the system palette</source>
        <translation>跟随系统配色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Log &amp;level:</source>
        <translation>日志级别(&amp;L)：</translation>
    </message>
    <message>
        <source>Language and theme apply at once.</source>
        <translation>语言和主题会立即生效。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::StatView</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SubtreeOperations</name>
    <message numerus="yes">
        <source>... and %n more</source>
        <translation>
            <numerusform>……另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Not started: %1. Another operation is still running in this tab; wait for it or cancel it.</source>
        <translation>未开始：%1。此标签页中另一个操作仍在进行；请等待它结束或将其取消。</translation>
    </message>
    <message>
        <source>Not started: %1. There is no session with %2.</source>
        <translation>未开始：%1。当前没有与 %2 的会话。</translation>
    </message>
    <message>
        <source>The operation could not start: there is no session with %1.</source>
        <translation>操作无法开始：当前没有与 %1 的会话。</translation>
    </message>
    <message numerus="yes">
        <source>delete %n node(s)</source>
        <translation>
            <numerusform>删除 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete %1?

Only this node; one that has children is not deleted.</source>
        <translation>删除 %1？

只删除此节点本身；有子节点的节点不会被删除。</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n nodes?

%1

Only the nodes themselves; those that have children are not deleted.</source>
        <translation>
            <numerusform>删除这 %n 个节点？

%1

只删除这些节点本身；有子节点的节点不会被删除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete node</source>
        <translation>删除节点</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n nodes</source>
        <translation>
            <numerusform>删除 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not deleted, the operation was cancelled first.</source>
        <translation>%1：未删除，操作已先被取消。</translation>
    </message>
    <message>
        <source>%1: refused, this node is protected or the path is invalid (%2).</source>
        <translation>%1：已拒绝，此节点受保护或路径无效（%2）。</translation>
    </message>
    <message>
        <source>%1 has children: use &quot;Delete recursively&quot; to remove it with everything below it.</source>
        <translation>%1 有子节点：请使用“递归删除”将它连同其下所有节点一起删除。</translation>
    </message>
    <message>
        <source>%1 was already gone (another client deleted it).</source>
        <translation>%1 已不存在（另一个客户端删除了它）。</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n nodes:</source>
        <translation>
            <numerusform>已删除 %n 个节点：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %1 of %n node(s).</source>
        <translation>
            <numerusform>已删除 %1 个节点（共 %n 个）。</numerusform>
        </translation>
    </message>
    <message>
        <source>delete %1 recursively</source>
        <translation>递归删除 %1</translation>
    </message>
    <message>
        <source>Counting the nodes below %1</source>
        <translation>正在统计 %1 下的节点</translation>
    </message>
    <message>
        <source>%1 cannot be deleted recursively: %2</source>
        <translation>%1 不能被递归删除：%2</translation>
    </message>
    <message>
        <source>Recursive delete of %1 cancelled while counting; nothing was deleted.</source>
        <translation>在统计时取消了对 %1 的递归删除；没有删除任何节点。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %1 and everything below it?

This removes %n node(s) (counted just now), for example:</source>
        <translation>
            <numerusform>删除 %1 及其下的所有节点？

这将删除 %n 个节点（刚刚统计），例如：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) below could not be listed (%1); they and their parents will be left.</source>
        <translation>
            <numerusform>其下有 %n 个节点无法列出（%1）；它们及其父节点将被保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nodes created meanwhile below it are deleted too. This cannot be undone.</source>
        <translation>在此期间其下新建的节点也会被删除。此操作无法撤销。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n node(s) recursively</source>
        <translation>
            <numerusform>递归删除 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Recursive delete of %1 not confirmed; nothing was deleted.</source>
        <translation>未确认对 %1 的递归删除；没有删除任何节点。</translation>
    </message>
    <message>
        <source>Recursive delete of %1 cancelled: %2 of %3 node(s) deleted, %4 left.</source>
        <translation>已取消对 %1 的递归删除：已删除 %2 个节点（共 %3 个），剩余 %4 个。</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %1 and everything below it: %n node(s).</source>
        <translation>
            <numerusform>已删除 %1 及其下的所有节点：共 %n 个。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %2 of %3 node(s) under %1; %n could not be deleted.</source>
        <translation>
            <numerusform>已删除 %1 下的 %2 个节点（共 %3 个）；%n 个无法删除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) were already gone (deleted by another client).</source>
        <translation>
            <numerusform>%n 个节点已不存在（被另一个客户端删除）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subtree(s) gained children meanwhile and were listed again.</source>
        <translation>
            <numerusform>%n 个子树在此期间新增了子节点，已重新列出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Recursive delete</source>
        <translation>递归删除</translation>
    </message>
    <message>
        <source>Deleting %1</source>
        <translation>正在删除 %1</translation>
    </message>
    <message>
        <source>export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Export of %1 cancelled; no file was written.</source>
        <translation>已取消导出 %1；没有写入文件。</translation>
    </message>
    <message>
        <source>Nothing exported: %1 could not be read. %2</source>
        <translation>未导出任何内容：无法读取 %1。%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n node(s) under %1 to %2.</source>
        <translation>
            <numerusform>已将 %1 下的 %n 个节点导出到 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container or TTL node(s) created in this session are marked with their mode (the server does not report it).</source>
        <translation>
            <numerusform>本会话创建的 %n 个容器或 TTL 节点已标注其模式（服务器不报告该信息）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) could not be read and are missing from the file (it lists them as unreadable).</source>
        <translation>
            <numerusform>%n 个节点无法读取，文件中缺少它们（文件将其列为不可读）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>import into %1</source>
        <translation>导入到 %1</translation>
    </message>
    <message>
        <source>Cannot import into %1: %2</source>
        <translation>无法导入到 %1：%2</translation>
    </message>
    <message>
        <source>Import preview cancelled; nothing was written.</source>
        <translation>已取消导入预览；没有写入任何内容。</translation>
    </message>
    <message>
        <source>Previewing the import into %1</source>
        <translation>正在预览到 %1 的导入</translation>
    </message>
    <message>
        <source>Import into %1 not applied; nothing was written.</source>
        <translation>未应用到 %1 的导入；没有写入任何内容。</translation>
    </message>
    <message>
        <source>Imported into %1: %2 created, %3 updated, %4 unchanged, %5 skipped, %6 in conflict (not written).</source>
        <translation>已导入到 %1：创建 %2 个，更新 %3 个，未改变 %4 个，跳过 %5 个，冲突 %6 个（未写入）。</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>导入已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) failed.</source>
        <translation>
            <numerusform>%n 个请求失败。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing into %1</source>
        <translation>正在导入到 %1</translation>
    </message>
    <message>
        <source>compare %1</source>
        <translation>比较 %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>Not started: compare %1. There is no session with %2.</source>
        <translation>未开始：比较 %1。当前没有与 %2 的会话。</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>比较已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %2 are identical: %n node(s) each, same data, ACLs and modes.</source>
        <translation>
            <numerusform>%1 与 %2 完全相同：各有 %n 个节点，数据、ACL 和模式均一致。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2 nodes) and %3 (%4 nodes) differ in %n place(s).</source>
        <translation>
            <numerusform>%1（%2 个节点）与 %3（%4 个节点）有 %n 处不同。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) could not be read, so the comparison is incomplete.</source>
        <translation>
            <numerusform>%n 个节点无法读取，因此比较结果不完整。</numerusform>
        </translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较结果</translation>
    </message>
    <message>
        <source>Comparing %1 with %2</source>
        <translation>正在比较 %1 与 %2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::TimelineModel</name>
    <message>
        <source>Mode changed</source>
        <translation>模式变化</translation>
    </message>
    <message>
        <source>Election</source>
        <translation>选举</translation>
    </message>
    <message>
        <source>Server down</source>
        <translation>服务器宕机</translation>
    </message>
    <message>
        <source>Server up</source>
        <translation>服务器恢复</translation>
    </message>
    <message>
        <source>Quorum lost</source>
        <translation>法定人数丢失</translation>
    </message>
    <message>
        <source>Quorum regained</source>
        <translation>法定人数恢复</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Version changed</source>
        <translation>版本变化</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Alert cleared</source>
        <translation>告警解除</translation>
    </message>
    <message>
        <source>ensemble</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Lock held long</source>
        <translation>锁持有过久</translation>
    </message>
    <message>
        <source>Session gone</source>
        <translation>会话消失</translation>
    </message>
    <message>
        <source>No leader</source>
        <translation>无领导者</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>副本不足</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::Validation</name>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>第 %1 行，第 %2 列：%3</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WatchesModel</name>
    <message>
        <source>Session / path</source>
        <translation>会话 / 路径</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>Watch</translation>
    </message>
    <message>
        <source>data or exists</source>
        <translation>data 或 exists</translation>
    </message>
    <message>
        <source>ZooKeeper 3.8&apos;s wchc does not say which kind, and leaves child watches out.</source>
        <translation>ZooKeeper 3.8 的 wchc 不说明 watch 的种类，也不列出子节点 watch。</translation>
    </message>
    <message numerus="yes">
        <source>%n path(s)</source>
        <translation>
            <numerusform>%n 个路径</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WatchesPage</name>
    <message>
        <source>Show %1 in the tree</source>
        <translation>在树中显示 %1</translation>
    </message>
    <message>
        <source>Copy the rows</source>
        <translation>复制这些行</translation>
    </message>
    <message>
        <source>Not read yet.</source>
        <translation>尚未读取。</translation>
    </message>
    <message>
        <source>Read at %1</source>
        <translation>已于 %1 读取</translation>
    </message>
    <message numerus="yes">
        <source>every %n s</source>
        <translation>
            <numerusform>每 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not read</source>
        <translation>%1：未读取</translation>
    </message>
    <message>
        <source>%1: %2 sessions watching %3 paths, %4 watches</source>
        <translation>%1：%2 个会话监视 %3 个路径，共 %4 个 watch</translation>
    </message>
    <message>
        <source>every kind, from wchk: %1</source>
        <translation>所有种类，来自 wchk：%1</translation>
    </message>
    <message>
        <source>data and exists watches, from the AdminServer</source>
        <translation>仅 data 和 exists watch，来自 AdminServer</translation>
    </message>
    <message>
        <source>data and exists watches, from %1</source>
        <translation>仅 data 和 exists watch，来自 %1</translation>
    </message>
    <message>
        <source>client address unknown</source>
        <translation>客户端地址未知</translation>
    </message>
    <message>
        <source>connected from %1</source>
        <translation>从 %1 连接</translation>
    </message>
    <message numerus="yes">
        <source>Session %1, %2: %n watched path(s) here</source>
        <translation>
            <numerusform>会话 %1，%2：此处监视 %n 个路径</numerusform>
        </translation>
    </message>
    <message>
        <source>Read now</source>
        <translation>立即读取</translation>
    </message>
    <message>
        <source>ZooKeeper 3.8&apos;s wchs, wchc and wchp count data and exists watches only, not child watches (mntr&apos;s watch count includes them).</source>
        <translation>ZooKeeper 3.8 的 wchs、wchc 和 wchp 只统计 data 和 exists watch，不含子节点 watch（mntr 的 watch 计数包含它们）。</translation>
    </message>
    <message>
        <source>List sessions and paths</source>
        <translation>列出会话和路径</translation>
    </message>
    <message>
        <source>Each read then asks every server for wchc (or the AdminServer&apos;s watches), which walks the server&apos;s whole watch table while it answers: it costs the server.</source>
        <translation>此后每次读取都会向每台服务器请求 wchc（或 AdminServer 的 watches），服务器应答时会遍历其全部 watch 表：这会消耗服务器资源。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WorkloadModel</name>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>In the job</source>
        <translation>作业成员</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Events/s</source>
        <translation>事件/秒</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Offsets of its partitions</source>
        <translation>其分区的偏移量</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已消失</translation>
    </message>
    <message>
        <source>paused (pid %1)</source>
        <translation>已暂停（pid %1）</translation>
    </message>
    <message>
        <source>running (pid %1)</source>
        <translation>运行中（pid %1）</translation>
    </message>
    <message>
        <source>member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>not a member</source>
        <translation>非成员</translation>
    </message>
    <message>
        <source>Partition %1: the sum of its first %2 events is %3, not %4.</source>
        <translation>分区 %1：前 %2 个事件之和为 %3，而不是 %4。</translation>
    </message>
    <message>
        <source>Waiting for the job&apos;s status…</source>
        <translation>正在等待作业状态…</translation>
    </message>
    <message>
        <source>%1 partitions, %2 owned, generation %3; %4 events committed. </source>
        <translation>%1 个分区，%2 个已分配，第 %3 代；已提交 %4 个事件。</translation>
    </message>
    <message>
        <source>Every sum is exact.</source>
        <translation>所有和都精确无误。</translation>
    </message>
    <message numerus="yes">
        <source>%n sum(s) NOT exact!</source>
        <translation>
            <numerusform>%n 个和不精确！</numerusform>
        </translation>
    </message>
    <message>
        <source>The job is paused.</source>
        <translation>作业已暂停。</translation>
    </message>
    <message>
        <source>Its config</source>
        <translation>它的配置</translation>
    </message>
    <message>
        <source>the job&apos;s</source>
        <translation>作业的配置</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>not paused</source>
        <translation>未暂停</translation>
    </message>
    <message>
        <source>%1 events/s per partition</source>
        <translation>每个分区 %1 事件/秒</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>批量 %1</translation>
    </message>
    <message>
        <source>own: %1</source>
        <translation>自有：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WorkloadPage</name>
    <message>
        <source>kill -9 worker %1</source>
        <translation>kill -9 工作进程 %1</translation>
    </message>
    <message>
        <source>pause worker %1</source>
        <translation>暂停工作进程 %1</translation>
    </message>
    <message>
        <source>resume worker %1</source>
        <translation>恢复工作进程 %1</translation>
    </message>
    <message>
        <source>stop worker %1</source>
        <translation>停止工作进程 %1</translation>
    </message>
    <message>
        <source>Asked: add a worker</source>
        <translation>已请求：添加一个工作进程</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <source>Failed: %1 (%2)</source>
        <translation>失败：%1（%2）</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Asked: start the workload (%1 workers, %2 partitions, %3 virtual nodes)</source>
        <translation>已请求：启动负载（%1 个工作进程，%2 个分区，%3 个虚拟节点）</translation>
    </message>
    <message>
        <source>Asked: %1</source>
        <translation>已请求：%1</translation>
    </message>
    <message>
        <source>The stream job on this demo:</source>
        <translation>此演示上的流处理作业：</translation>
    </message>
    <message>
        <source>Workers:</source>
        <translation>工作进程：</translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation>分区：</translation>
    </message>
    <message>
        <source>Virtual nodes:</source>
        <translation>虚拟节点：</translation>
    </message>
    <message>
        <source>Start the workload</source>
        <translation>启动负载</translation>
    </message>
    <message>
        <source>Add a worker</source>
        <translation>添加工作进程</translation>
    </message>
    <message>
        <source>Kill (SIGKILL)</source>
        <translation>强制终止（SIGKILL）</translation>
    </message>
    <message>
        <source>Pause (SIGSTOP)</source>
        <translation>暂停（SIGSTOP）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Stop (leaves cleanly)</source>
        <translation>停止（正常退出）</translation>
    </message>
    <message>
        <source>No workload runs on this demo yet.</source>
        <translation>此演示上尚未运行负载。</translation>
    </message>
    <message>
        <source>Done: the job&apos;s configuration changed</source>
        <translation>完成：作业配置已更改</translation>
    </message>
    <message>
        <source>Failed: the job&apos;s configuration (%1)</source>
        <translation>失败：作业配置（%1）</translation>
    </message>
    <message>
        <source>The job&apos;s configuration could not change: %1</source>
        <translation>作业配置无法更改：%1</translation>
    </message>
    <message>
        <source>pause the job</source>
        <translation>暂停作业</translation>
    </message>
    <message>
        <source>resume the job</source>
        <translation>恢复作业</translation>
    </message>
    <message>
        <source>%1 events/s per partition</source>
        <translation>每个分区 %1 事件/秒</translation>
    </message>
    <message>
        <source>Events/s per partition:</source>
        <translation>每个分区的事件/秒：</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Resume the job</source>
        <translation>恢复作业</translation>
    </message>
    <message>
        <source>Pause the job</source>
        <translation>暂停作业</translation>
    </message>
    <message>
        <source>Done: worker %1&apos;s configuration changed</source>
        <translation>完成：工作进程 %1 的配置已更改</translation>
    </message>
    <message>
        <source>Failed: worker %1&apos;s configuration (%2)</source>
        <translation>失败：工作进程 %1 的配置（%2）</translation>
    </message>
    <message>
        <source>Worker %1&apos;s configuration could not change: %2</source>
        <translation>工作进程 %1 的配置无法更改：%2</translation>
    </message>
    <message>
        <source>%1 The last lines of its log:
%2</source>
        <translation>%1 其日志的最后几行：
%2</translation>
    </message>
    <message>
        <source>pause the commits of worker %1</source>
        <translation>暂停工作进程 %1 的提交</translation>
    </message>
    <message>
        <source>resume the commits of worker %1</source>
        <translation>恢复工作进程 %1 的提交</translation>
    </message>
    <message>
        <source>%1 events/s per partition for worker %2</source>
        <translation>工作进程 %2 每个分区 %1 事件/秒</translation>
    </message>
    <message>
        <source>batch %1 for worker %2</source>
        <translation>工作进程 %2 批量 %1</translation>
    </message>
    <message>
        <source>Asked: worker %1 back on the job&apos;s configuration</source>
        <translation>请求：工作进程 %1 恢复使用作业的配置</translation>
    </message>
    <message>
        <source>The selected worker&apos;s own events/s per partition:</source>
        <translation>所选工作进程自己的每分区事件/秒：</translation>
    </message>
    <message>
        <source>Apply to this worker</source>
        <translation>应用到此工作进程</translation>
    </message>
    <message>
        <source>Back to the job&apos;s configuration</source>
        <translation>恢复使用作业的配置</translation>
    </message>
    <message>
        <source>Resume its commits</source>
        <translation>恢复它的提交</translation>
    </message>
    <message>
        <source>Pause its commits</source>
        <translation>暂停它的提交</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WorkloadWatch</name>
    <message>
        <source>Cannot read the job: %1</source>
        <translation>无法读取作业：%1</translation>
    </message>
    <message>
        <source>The workload is not running.</source>
        <translation>负载未在运行。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WriteGuard</name>
    <message>
        <source>Refused: %1. %2 is read-only guarded; use &quot;Unlock writes&quot; above to allow changes for this session.</source>
        <translation>已拒绝：%1。%2 受只读保护；请使用上方的“解锁写入”以在本次会话中允许修改。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ZnodeTreeModel</name>
    <message>
        <source>TTL node (created by this app)</source>
        <translation>TTL 节点（由本应用创建）</translation>
    </message>
    <message>
        <source>container node (created by this app)</source>
        <translation>容器节点（由本应用创建）</translation>
    </message>
    <message>
        <source>ephemeral node</source>
        <translation>临时节点</translation>
    </message>
    <message>
        <source>sequential node</source>
        <translation>顺序节点</translation>
    </message>
    <message>
        <source>persistent node</source>
        <translation>持久节点</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子节点</translation>
    </message>
    <message>
        <source>Data length</source>
        <translation>数据长度</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Ephemeral owner</source>
        <translation>临时节点所有者</translation>
    </message>
    <message>
        <source>Not allowed to list the children of %1: its ACL does not grant READ to this session.</source>
        <translation>不允许列出 %1 的子节点：其 ACL 未授予本会话 READ 权限。</translation>
    </message>
    <message>
        <source>The connection was lost while listing %1; it is listed again once reconnected.</source>
        <translation>列出 %1 时连接断开；重连后将重新列出。</translation>
    </message>
    <message>
        <source>The session expired while listing %1.</source>
        <translation>列出 %1 时会话已过期。</translation>
    </message>
    <message>
        <source>The server did not answer the listing of %1 in time.</source>
        <translation>服务器未能及时响应 %1 的子节点列表请求。</translation>
    </message>
    <message>
        <source>Cannot list the children of %1 (%2).</source>
        <translation>无法列出 %1 的子节点（%2）。</translation>
    </message>
</context>
</TS>
