// The Perforce message catalog, copied verbatim from test/fixtures/p4-corpus/message-templates.tsv
// (BSD-licensed p4 sources; provenance in the first comment line of the data below).
// Kept as text rather than a JSON table so that a test can check it byte for byte against
// test/fixtures/p4-corpus/message-templates.tsv; message-catalog.ts parses it once at load.
// To refresh: replace the text between the backticks with the new file's content.

export const MESSAGE_TEMPLATES_TSV = String.raw`
# Perforce message catalog subset (p4 client/server source, BSD license), from Malterlib/p4source @ 1c8e9a2110f4dbae03dda10731ade4daf5fa36ce (p4 2023.2/2535420), msgs/*.cc
# columns: id	subsystem	code	severity	severity_num	generic	generic_num	argc	template	uniq(sub<<10|code)
# template syntax: %var% substitution; [%argc% - x|X] = ' <arg> - x' if argc set else 'X'; [text] optional; %'text'% = literal (quoted cmd), rendered without the %' '% markers; \n = newline
MsgDm::IdTooLong	ES_DM	3	E_FAILED	3	EV_USAGE	1	0	Identifiers too long.  Must not be longer than 1024 bytes of UTF-8.	6147
MsgDm::Unicode	ES_DM	24	E_FAILED	3	EV_ADMIN	35	1	Database has %value% tables with non-UTF8 text and can't be switched to Unicode mode.	6168
MsgDm::NoSuchChange	ES_DM	26	E_FAILED	3	EV_UNKNOWN	2	1	%change% unknown.	6170
MsgDm::AlreadyCommitted	ES_DM	27	E_FAILED	3	EV_CONTEXT	3	1	%change% is already committed.	6171
MsgDm::WrongClient	ES_DM	28	E_FAILED	3	EV_CONTEXT	3	2	%change% belongs to client %client%.	6172
MsgDm::WrongUser	ES_DM	29	E_FAILED	3	EV_CONTEXT	3	2	%change% belongs to user %user%.	6173
MsgDm::NoSuchDepot2	ES_DM	33	E_FAILED	3	EV_UNKNOWN	2	1	Depot '%depot%' unknown - use '%'depot'%' to create it.	6177
MsgDm::NoSuchDomain2	ES_DM	35	E_FAILED	3	EV_UNKNOWN	2	3	%type% '%name%' unknown - use '%command%' command to create it.	6179
MsgDm::TooManyClients	ES_DM	37	E_FAILED	3	EV_ADMIN	35	0	Can't add client - over license quota.	6181
MsgDm::NoSuchJob2	ES_DM	39	E_FAILED	3	EV_UNKNOWN	2	1	Job '%job%' unknown - use 'job' to create it.	6183
MsgDm::TooManyUsers	ES_DM	43	E_FAILED	3	EV_ADMIN	35	0	Can't create a new user - over license quota.	6187
MsgDm::UnloadNotPossible	ES_DM	776	E_FAILED	3	EV_USAGE	1	2	%domainType% %domainName% has file(s) exclusively or globally opened or has promoted shelves, and may not be unloaded. Revert these opened files and delete the promoted shelves, then retry the unload.	6920
MsgDm::DepotVsDomains	ES_DM	46	E_FATAL	4	EV_FAULT	33	0	Depot and domains table out of sync!	6190
MsgDm::RevVsRevCx	ES_DM	47	E_FATAL	4	EV_FAULT	33	0	Revision table out of sync with index!	6191
MsgDm::CantFindChange	ES_DM	49	E_FATAL	4	EV_FAULT	33	1	Can't find %change%!	6193
MsgDm::BadIntegFlag	ES_DM	50	E_FATAL	4	EV_FAULT	33	0	DmtIntegData unknown DBT_OPEN_FLAG!	6194
MsgDm::NeedJobUpgrade	ES_DM	52	E_FATAL	4	EV_ADMIN	35	0	Jobs database must be upgraded with '%'p4 jobs -R'%'!	6196
MsgDm::AddHaveVsRev	ES_DM	792	E_FAILED	3	EV_FAULT	33	1	File %depotFile% isn't in revisions table. The file may have been obliterated by an administrator. Make a backup copy of your local file before proceeding. Then use 'p4 sync' to synchronize your client state with the server. Then copy the desired file back into your workspace location. Then retry the add.	6936
MsgDm::WorkingVsLocked	ES_DM	58	E_FATAL	4	EV_FAULT	33	0	Working and locked tables out of sync!	6202
MsgDm::ConcurrentFileChange	ES_DM	640	E_FAILED	3	EV_USAGE	1	1	%depotFile% was altered during the course of the submit. Verify the contents of the changelist and retry the submit.	6784
MsgDm::AtMostOne	ES_DM	61	E_FAILED	3	EV_NOTYET	5	1	In the change being submitted, %depotFile% has more than one 'branch' or 'delete' integration. Use '%'p4 resolved'%' to display the integrations that are contained in this change. Revert any file(s) containing multiple 'branch' or 'delete' integrations. Then re-integrate those files containing at most one such integration. Then retry the submit.	6205
MsgDm::IntegVsShelve	ES_DM	631	E_FAILED	3	EV_FAULT	33	2	%depotFile%%rev%: can't resolve (shelved change was deleted); must %'revert'%, or %'revert -k'% and edit before submit.	6775
MsgDm::MissingDesc	ES_DM	62	E_FAILED	3	EV_USAGE	1	0	Change description missing.  You must enter one.	6206
MsgDm::NoModComChange	ES_DM	64	E_FAILED	3	EV_CONTEXT	3	1	Can't update committed change %change%.	6208
MsgDm::CantOpenHere	ES_DM	66	E_FAILED	3	EV_ILLEGAL	4	0	Can't include file(s) not already opened.\nOpen new files with %'p4 add'%, %'p4 edit'%, etc.	6210
MsgDm::OpenAttrRO	ES_DM	687	E_FAILED	3	EV_ILLEGAL	4	2	%file% - can't %action% file with propagating attributes from an edge server	6831
MsgDm::ReconcileBadName	ES_DM	676	E_WARN	2	EV_ILLEGAL	4	1	%file% - can't %'reconcile'% filename with illegal characters.	6820
MsgDm::ReconcileNeedForce	ES_DM	677	E_WARN	2	EV_ILLEGAL	4	1	%file% - can't %'reconcile'% filename with wildcards [@#%%*]. Use -f to force %'reconcile'%.	6821
MsgDm::StatusOpened	ES_DM	852	E_INFO	1	EV_NONE	0	5	%localfile% - submit change %change% to %action% %depotFile%%workRev%	6996
MsgDm::PurgeFirst	ES_DM	67	E_FAILED	3	EV_NOTYET	5	1	Depot %depot% isn't empty. To delete a depot, all file revisions must be removed and all lazy copy references from other depots must be severed. Use '%'p4 obliterate'%' or '%'p4 snap'%' to break file linkages from other depots, then clear this depot with '%'p4 obliterate'%', then retry the deletion.	6211
MsgDm::SnapFirst	ES_DM	619	E_FAILED	3	EV_NOTYET	5	1	Depot %depot% isn't empty of archive contents. One or more files are still present in the depot directory. Other depots may have branched or integrated from files in this depot. Break those linkages with '%'p4 snap'%' and/or remove references from other depots with '%'p4 obliterate'%' first. Next, remove all non-Perforce files from the depot prior to depot deletion. Once all references have been removed, either remove any remaining physical files and directories from the depot directory and retry the operation, or specify '-f' to bypass this check and delete the depot.	6763
MsgDm::ReloadFirst	ES_DM	722	E_FAILED	3	EV_NOTYET	5	1	Unload depot %depot% isn't empty of unload files; reload any unloaded clients or labels with '%'p4 reload'%' first. All labels with the '%'autoreload'%' option set must be deleted prior to deleting the unload depot. Remove all non-Perforce files from the depot prior to depot deletion.	6866
MsgDm::MustForceUnloadDepot	ES_DM	775	E_FAILED	3	EV_USAGE	1	1	The Commit Server cannot tell whether unload depot %depot% may still be in use by unloaded clients or labels on one or more Edge Servers. First, reload any unloaded clients or labels at each Edge Server with '%'p4 reload'%'. Next, all labels on each Edge Server with the '%'autoreload'%' option set must be deleted prior to deleting the unload depot. Next, remove all non-Perforce files from the depot prior to depot deletion. Finally, specify -f to bypass this check and force the unload depot deletion.	6919
MsgDm::LockedUpdate	ES_DM	68	E_FAILED	3	EV_PROTECT	6	3	Locked %type% '%name%' owned by '%user%'; use -f to force update.	6212
MsgDm::LockedDelete	ES_DM	70	E_FAILED	3	EV_PROTECT	6	2	%type% '%name%' is locked and can't be deleted.	6214
MsgDm::OpenedDelete	ES_DM	71	E_FAILED	3	EV_NOTYET	5	1	Client '%client%' has files opened. To delete the client, revert any opened files and delete any pending changes first. An administrator may specify -f to force the delete of another user's client.	6215
MsgDm::OpenedSwitch	ES_DM	607	E_FAILED	3	EV_NOTYET	5	1	Client '%client%' has files opened; use -f to force switch.	6751
MsgDm::OpenedTaskSwitch	ES_DM	743	E_FAILED	3	EV_NOTYET	5	1	Client '%client%' has files opened from a task stream; must %'revert'%, or %'revert -k'% before switching.	6887
MsgDm::PendingDelete	ES_DM	447	E_FAILED	3	EV_NOTYET	5	1	Client '%client%' has pending changes. To delete the client, delete any pending changes first. An administrator may specify -f to force the delete of another user's client.	6591
MsgDm::ShelvedDelete	ES_DM	524	E_FAILED	3	EV_NOTYET	5	1	Client '%client%' has files shelved; use '%'shelve -df'%' to remove them, and then try again,\nor use '%'client -df -Fs'%' to delete the client and leave the shelved changes intact.	6668
MsgDm::ShelveNotChanged	ES_DM	688	E_INFO	1	EV_NONE	0	2	%depotFile%%depotRev% - unchanged, not shelved	6832
MsgDm::NoIntegOverlays	ES_DM	421	E_FAILED	3	EV_USAGE	1	0	Overlay (+) mappings are not allowed in branch views.	6565
MsgDm::JobDescMissing	ES_DM	75	E_FAILED	3	EV_USAGE	1	1	'%field%' field blank.  You must provide it.	6219
MsgDm::JobFieldAlways	ES_DM	441	E_FAILED	3	EV_USAGE	1	2	%field% is a read-only always field and can't be changed from '%value%'.\nThe [%spec%|job] may have been updated while you were editing.	6585
MsgDm::BadSpecType	ES_DM	412	E_FAILED	3	EV_USAGE	1	1	Unknown spec type %type%.	6556
MsgDm::LameCodes	ES_DM	410	E_FAILED	3	EV_USAGE	1	3	Field codes must be between %low%-%hi% for %type% specs.	6554
MsgDm::JobFieldReadOnly	ES_DM	77	E_FAILED	3	EV_USAGE	1	2	%field% is read-only and can't be changed from '%value%'.	6221
MsgDm::MultiWordDefault	ES_DM	78	E_FAILED	3	EV_USAGE	1	1	%field% can't have a default multi-word value.	6222
MsgDm::LabelOwner	ES_DM	80	E_FAILED	3	EV_PROTECT	6	2	Can't modify label '%label%' owned by '%user%'.	6224
MsgDm::LabelLocked	ES_DM	81	E_FAILED	3	EV_PROTECT	6	1	Can't modify locked label '%label%'.\nUse 'label' to change label options.	6225
MsgDm::LabelHasRev	ES_DM	438	E_FAILED	3	EV_NOTYET	5	1	Label '%label%' has a Revision field and must remain empty.	6582
MsgDm::WildAdd	ES_DM	82	E_FAILED	3	EV_USAGE	1	0	Can't add filenames with wildcards [@#%*] in them.\nUse -f option to force add.	6226
MsgDm::WildAddTripleDots	ES_DM	637	E_FAILED	3	EV_USAGE	1	0	Can't add filenames containing the ellipsis wildcard (...).	6781
MsgDm::UserOrGroup	ES_DM	83	E_FAILED	3	EV_USAGE	1	1	Indicator must be 'user' or 'group', not '%value%'.	6227
MsgDm::CantChangeUser	ES_DM	84	E_FAILED	3	EV_USAGE	1	1	User name can't be changed from '%user%'.	6228
MsgDm::CantChangeUserAuth	ES_DM	802	E_FAILED	3	EV_USAGE	1	0	User's authentication method can't be changed; use -f to force switch.	6946
MsgDm::CantChangeOwnDetails	ES_DM	963	E_FAILED	3	EV_USAGE	1	0	User's full name and email address can't be changed; use -f to force update.	7107
MsgDm::CantChangeUserType	ES_DM	577	E_FAILED	3	EV_USAGE	1	0	User type can't be changed.	6721
MsgDm::DfltBranchView	ES_DM	87	E_FAILED	3	EV_USAGE	1	0	You cannot use the default branch view; it is just a sample.	6231
MsgDm::FixBadVal	ES_DM	88	E_FAILED	3	EV_USAGE	1	1	Job fix status must be one of %values%.	6232
MsgDm::ParallelNotEnabled	ES_DM	796	E_FAILED	3	EV_USAGE	1	0	Parallel file transfer must be enabled using %'net.parallel.max'%	6940
MsgDm::NoClient	ES_DM	89	E_FATAL	4	EV_FAULT	33	1	%clientFile% - can't translate to local path -- no client!	6233
MsgDm::NoDepot	ES_DM	90	E_FATAL	4	EV_FAULT	33	1	Can't find %depot% in depot map!	6234
MsgDm::NoArchive	ES_DM	91	E_FATAL	4	EV_FAULT	33	1	Can't map %lbrFile% to archive!	6235
MsgDm::DomainIsUnloaded	ES_DM	702	E_FAILED	3	EV_CONFIG	36	2	%domainType% %domain% has been unloaded, and must be reloaded to be used.	6846
MsgDm::NotClientOrLabel	ES_DM	703	E_FAILED	3	EV_CONFIG	36	2	%domain% must be a %domainType%.	6847
MsgDm::AlreadyUnloaded	ES_DM	705	E_FAILED	3	EV_CONFIG	36	1	%domain% has already been unloaded.	6849
MsgDm::LockedClient	ES_DM	94	E_FAILED	3	EV_PROTECT	6	2	Locked client '%client%' can only be used by owner '%user%'.	6238
MsgDm::CantChangeTypeOpened	ES_DM	958	E_FAILED	3	EV_USAGE	1	0	Can't change client type when files are open!	7102
MsgDm::TooManyCommitServers	ES_DM	769	E_FAILED	3	EV_USAGE	1	1	At most one commit-server may be defined. Server %serverid% is already specified to be a commit-server.	6913
MsgDm::NeedClient	ES_DM	99	E_FAILED	3	EV_CONFIG	36	2	%arg% - must create client '%client%' to access local files.	6243
MsgDm::ReferClient	ES_DM	100	E_FAILED	3	EV_UNKNOWN	2	2	%path% - must refer to client '%client%'.	6244
MsgDm::BadRevRel	ES_DM	103	E_FAILED	3	EV_USAGE	1	1	Can't yet do relative operations on '%rev%'.	6247
MsgDm::BadRevPend	ES_DM	426	E_FAILED	3	EV_USAGE	1	0	Can't use a pending changelist number for this command.	6570
MsgDm::LimitBadArg	ES_DM	625	E_FAILED	3	EV_USAGE	1	1	%path% - must refer to a local depot in depot syntax.	6769
MsgDm::NoDelete	ES_DM	105	E_FATAL	4	EV_FAULT	33	1	%path% - can't delete remote file!	6249
MsgDm::NoCheckin	ES_DM	106	E_FATAL	4	EV_FAULT	33	1	%path% - can't checkin remote file!	6250
MsgDm::RmtAddChangeFailed	ES_DM	783	E_FAILED	3	EV_FAULT	33	1	Commit server access failed while trying to add change %change%.	6927
MsgDm::RmtDeleteChangeFailed	ES_DM	784	E_FAILED	3	EV_FAULT	33	1	Commit server access failed while trying to delete change %change%.	6928
MsgDm::RemoteChangeExists	ES_DM	785	E_FAILED	3	EV_FAULT	33	1	Change %change% already exists in this installation.	6929
MsgDm::RemoteChangeMissing	ES_DM	786	E_FAILED	3	EV_FAULT	33	1	There is no change %change% in this installation.	6930
MsgDm::ChangeNotShelved	ES_DM	787	E_FAILED	3	EV_FAULT	33	1	%change% is not currently shelved.	6931
MsgDm::RmtExclusiveLockFailed	ES_DM	758	E_FAILED	3	EV_FAULT	33	0	Commit server access failed while trying to get/release exclusive (+l) filetype.	6902
MsgDm::RmtGlobalLockFailed	ES_DM	876	E_FAILED	3	EV_FAULT	33	0	Commit server access failed while trying to get/release global lock on file.	7020
MsgDm::RemoteDomainExists	ES_DM	755	E_FAILED	3	EV_FAULT	33	1	A domain named %domainName% already exists in this installation.	6899
MsgDm::ChangeExists	ES_DM	484	E_FATAL	4	EV_FAULT	33	1	Sequence error:  next changelist '%change%' already exists!	6628
MsgDm::NoRevisionOverwrite	ES_DM	741	E_FATAL	4	EV_FAULT	33	2	Revision %depotFile%#%depotRev% already exists! A submit operation attempted to overwrite this revision with a new file at the same revision. This should never happen, and therefore the server has aborted the submit. It is possible that the Perforce database files have been corrupted by a disk failure, system crash, or improper restore operation. Please contact Perforce technical support for assistance. Please do not perform any further operations on the server until the problem can be resolved. Please save all server logs, journals, and database tables for use in determining the necessary recovery operations.	6885
MsgDm::NoNotOp	ES_DM	114	E_FAILED	3	EV_USAGE	1	0	Can't handle ^ (not) operator there.	6258
MsgDm::SemiInDefault	ES_DM	118	E_FAILED	3	EV_USAGE	1	1	Default for '%field%' can't have ;'s in it.	6262
MsgDm::BucketSkipResolving	ES_DM	898	E_INFO	1	EV_NONE	0	3	Not archiving %depotFile%%depotRev%: content needed by a client with a pending resolve to %clientFile%.	7042
MsgDm::BucketSkipShelving	ES_DM	899	E_INFO	1	EV_NONE	0	3	Not archiving %depotFile%%depotRev%: content needed by a shelf with a pending resolve to %shelfFile%.	7043
MsgDm::ChangeCreated	ES_DM	200	E_INFO	1	EV_NONE	0	3	%change% created[ with %workCount% open file(s)][ fixing %jobCount% job(s)].	6344
MsgDm::ChangeUpdated	ES_DM	201	E_INFO	1	EV_NONE	0	5	%change% updated[, adding %workCount% file(s)][, removing %workCount2% file(s)][, adding %jobCount% fix(es)][, removing %jobCount2% fix(es)].	6345
MsgDm::ChangeDeleteOpen	ES_DM	202	E_INFO	1	EV_NONE	0	2	%change% has %count% open file(s) associated with it and can't be deleted.	6346
MsgDm::ChangeDeleteHasFix	ES_DM	203	E_INFO	1	EV_NONE	0	2	%change% has %count% fixes associated with it and can't be deleted.	6347
MsgDm::ChangeDeleteHasFiles	ES_DM	204	E_INFO	1	EV_NONE	0	2	%change% has %count% files associated with it and can't be deleted.	6348
MsgDm::ChangeDeleteShelved	ES_DM	517	E_FAILED	3	EV_CONTEXT	3	1	%change% has shelved files associated with it and can't be deleted.	6661
MsgDm::ChangeDeleteHasStream	ES_DM	1002	E_FAILED	3	EV_CONTEXT	3	1	%change% has a stream associated with it and can't be deleted.	7146
MsgDm::ChangeDeleteTaskUnload	ES_DM	1018	E_FAILED	3	EV_CONTEXT	3	1	%change% is in unloaded task stream '%stream%' and can't be deleted.	7162
MsgDm::ChangeDeleteSuccess	ES_DM	205	E_INFO	1	EV_NONE	0	1	%change% deleted.	6349
MsgDm::ChangeNotOwner	ES_DM	468	E_FAILED	3	EV_USAGE	1	2	%change% can only be updated by user %user%.	6612
MsgDm::CommittedNoPerm	ES_DM	573	E_FAILED	3	EV_USAGE	1	2	%change% can only be updated by user %user% with -u, or by admin user with -f.	6717
MsgDm::PendingNoPerm	ES_DM	574	E_FAILED	3	EV_USAGE	1	2	%change% can only be updated by user %user%, or by admin user with -f.	6718
MsgDm::ChangesData	ES_DM	206	E_INFO	1	EV_NONE	0	5	%change% on %date% by %user%@%client%%description%	6350
MsgDm::ChangesDataPending	ES_DM	207	E_INFO	1	EV_NONE	0	5	%change% on %date% by %user%@%client% *pending*%description%	6351
MsgDm::CopyOpenTarget	ES_DM	569	E_FAILED	3	EV_ILLEGAL	4	0	Can't copy to target path with files already open.	6713
MsgDm::CopyMoveMapFrom	ES_DM	778	E_INFO	1	EV_USAGE	1	1	can't open as move/add because %movedFrom% is not mapped correctly.	6922
MsgDm::CopyMoveNoFrom	ES_DM	779	E_INFO	1	EV_USAGE	1	1	can't open as move/add because %movedFrom% is not being opened for delete.	6923
MsgDm::CopyMoveExTo	ES_DM	780	E_INFO	1	EV_USAGE	1	0	can't open as move/add because a file already exists in this location.	6924
MsgDm::CopyMapSummary	ES_DM	781	E_WARN	2	EV_NONE	0	0	Some files couldn't be opened for move.  Try expanding the mapping?	6925
MsgDm::CopyChangeSummary	ES_DM	782	E_WARN	2	EV_NONE	0	1	Some files couldn't be opened for move.[  Try copying from @%change% instead?]	6926
MsgDm::DeleteMoved	ES_DM	627	E_WARN	2	EV_NONE	0	1	%clientFile% - can't delete moved file; must undo move first	6771
MsgDm::DepotTypeDup	ES_DM	885	E_FAILED	3	EV_CONTEXT	3	2	There is already a %depotType% depot called '%depot%'.	7029
MsgDm::DepotUnloadDup	ES_DM	701	E_FAILED	3	EV_CONTEXT	3	1	There is already an %'unload'% depot called '%depot%'.	6845
MsgDm::DepotExtensionDup	ES_DM	970	E_FAILED	3	EV_CONTEXT	3	1	There is already an %'extension'% depot called '%depot%'.	7114
MsgDm::DepotMapInvalid	ES_DM	442	E_FAILED	3	EV_USAGE	1	1	%'Map'% entry '%map%' must have only 1 wildcard which must be a trailing '/...' or '\\...'.	6586
MsgDm::DepotNotStream	ES_DM	507	E_FAILED	3	EV_NONE	0	1	Depot %'type'% for '%depot%' must be '%'stream'%'.	6651
MsgDm::NoStreamAtChange	ES_DM	550	E_FAILED	3	EV_CONTEXT	3	2	No stream '%stream%' existed at change %change%	6694
MsgDm::NoShelvedStreamAtChange	ES_DM	1010	E_FAILED	3	EV_CONTEXT	3	2	No shelved stream '%stream%' exists at change %change%	7154
MsgDm::StreamNotRelative	ES_DM	872	E_FAILED	3	EV_NONE	0	0	Must specify a full stream path if not currently using a stream client.	7016
MsgDm::StreamPathRooted	ES_DM	578	E_FAILED	3	EV_NONE	0	1	View '%view%' must be relative and not contain leading slashes 	6722
MsgDm::ClientNoSwitch	ES_DM	821	E_FAILED	3	EV_NONE	0	1	Client '%client%' already exists; use a new client or -s without -o to switch to different stream.	6965
MsgDm::DepotsData	ES_DM	213	E_INFO	1	EV_NONE	0	6	%type% %depotName% %updateDate% %location% %map% '%description%'	6357
MsgDm::DepotsDataExtra	ES_DM	214	E_INFO	1	EV_NONE	0	7	%type% %depotName% %updateDate% %location% %address% %map% '%description%'	6358
MsgDm::NewStandbyCantMandatory	ES_DM	1001	E_FAILED	3	EV_ILLEGAL	4	0	New %''standby''% or %''forwarding-standby''% server can't have the %''mandatory''% option set. Set the %''mandatory''% option after the server's %''journalcopy''% thread is current.	7145
MsgDm::ServerRplFromRplOnly	ES_DM	965	E_FAILED	3	EV_CONTEXT	3	0	'ReplicatingFrom' field can't be specified for this type of server.	7109
MsgDm::ServerRplFromSame	ES_DM	966	E_FAILED	3	EV_CONTEXT	3	0	'ReplicatingFrom' field can't be the same as the 'ServerID' field.	7110
MsgDm::ServerConfigUsage	ES_DM	931	E_FAILED	3	EV_CONTEXT	3	0	Invalid DistributedConfig syntax: must use 'var=value'	7075
MsgDm::ServerConfigMustBeSet	ES_DM	971	E_FAILED	3	EV_CONTEXT	3	1	Configuration variable '%name%' must have a value.	7115
MsgDm::ServerConfigRO	ES_DM	933	E_FAILED	3	EV_CONTEXT	3	2	Configuration variable '%name%' must be set to '%value%'.	7077
MsgDm::DescribeChange	ES_DM	215	E_INFO	1	EV_NONE	0	5	%change% by %user%@%client% on %date%%description%	6359
MsgDm::DescribeChangePending	ES_DM	216	E_INFO	1	EV_NONE	0	5	%change% by %user%@%client% on %date% *pending*%description%	6360
MsgDm::DiffOpenStreamContent	ES_DM	1008	E_INFO	1	EV_NONE	0	3	==== %streamname1%@%change% - %streamname2% opened for edit ==== content	7152
MsgDm::DiffOpenStreamIdentical	ES_DM	1012	E_INFO	1	EV_NONE	0	3	==== %streamname1%@%change% - %streamname2% opened for edit ==== identical	7156
MsgDm::StreamDiffNoSpecifier	ES_DM	1009	E_FAILED	3	EV_USAGE	1	1	Specifier %specifier% can only be used with an opened stream spec name.	7153
MsgDm::StreamDiffLeft	ES_DM	1015	E_INFO	1	EV_NONE	0	1	==== %streamname%@%change% - <none> ====	7159
MsgDm::StreamDiffRight	ES_DM	1016	E_INFO	1	EV_NONE	0	1	==== <none> - %streamname%@%change%  ====	7160
MsgDm::DomainsDataClient	ES_DM	229	E_INFO	1	EV_NONE	0	5	%domainType% %domainName% %updateDate% %'root'% %domainMount% '%description%'	6373
MsgDm::DomainsData	ES_DM	230	E_INFO	1	EV_NONE	0	4	%domainType% %domainName% %updateDate% '%description%'	6374
MsgDm::DupExists	ES_DM	463	E_INFO	1	EV_NONE	0	2	%file%%rev% already exists	6607
MsgDm::DupLocked	ES_DM	464	E_INFO	1	EV_NONE	0	4	%file%%rev% is opened for %action% on client %client%	6608
MsgDm::FilelogRevDefault	ES_DM	232	E_INFO	1	EV_USAGE	1	4	%depotRev% %change% %action% on %date%	6376
MsgDm::FilelogRevMessage	ES_DM	233	E_INFO	1	EV_USAGE	1	8	%depotRev% %change% %action% on %date% by %user%@%client% (%type%)%description%	6377
MsgDm::FilesData	ES_DM	235	E_INFO	1	EV_NONE	0	5	%depotFile%%depotRev% - %action% %change% (%type%)	6379
MsgDm::FilesSummary	ES_DM	446	E_INFO	1	EV_NONE	0	4	%path% %fileCount% files %fileSize% bytes [%blockCount% blocks]	6590
MsgDm::FilesDiskUsage	ES_DM	454	E_INFO	1	EV_NONE	0	4	%depotFile%%depotRev% %fileSize% bytes [%blockCount% blocks]	6598
MsgDm::FilesSummaryHuman	ES_DM	788	E_INFO	1	EV_NONE	0	4	%path% %fileCount% files %fileSize% [%blockCount% blocks]	6932
MsgDm::FilesDiskUsageHuman	ES_DM	789	E_INFO	1	EV_NONE	0	4	%depotFile%%depotRev% %fileSize% [%blockCount% blocks]	6933
MsgDm::FixAdd	ES_DM	236	E_INFO	1	EV_NONE	0	3	%job% fixed by %change% (%status%).	6380
MsgDm::FixesData	ES_DM	239	E_INFO	1	EV_NONE	0	6	%job% fixed by %change% on %date% by %user%@%client% (%status%)	6383
MsgDm::GroupCreated	ES_DM	241	E_INFO	1	EV_NONE	0	1	Group %group% created.	6385
MsgDm::GroupNotCreated	ES_DM	242	E_INFO	1	EV_NONE	0	1	Group %group% not created.	6386
MsgDm::GroupNotUpdated	ES_DM	244	E_INFO	1	EV_NONE	0	1	Group %group% not updated.	6388
MsgDm::GroupUpdated	ES_DM	245	E_INFO	1	EV_NONE	0	1	Group %group% updated.	6389
MsgDm::GroupLdapIncomplete	ES_DM	861	E_FAILED	3	EV_CONTEXT	3	0	All three LDAP fields must be set for LDAP group synchronization.	7005
MsgDm::GroupLdapNoOwner	ES_DM	862	E_FAILED	3	EV_CONTEXT	3	0	At least one group owner is required for LDAP group synchronization.	7006
MsgDm::IntegAlreadyOpened	ES_DM	250	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% (already opened on this client)	6394
MsgDm::IntegIntoReadOnlyAndMap	ES_DM	926	E_INFO	1	EV_NONE	0	2	%clientFile% - can't %action% into file that is additionally mapped in client's View	7070
MsgDm::IntegIntoReadOnlyCMap	ES_DM	927	E_INFO	1	EV_NONE	0	2	%clientFile% - can't %action% into file that is restricted by client's ChangeView mapping	7071
MsgDm::IntegXOpened	ES_DM	252	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% exclusive file already opened	6396
MsgDm::IntegXOpenedWarn	ES_DM	981	E_WARN	2	EV_NONE	0	2	%depotFile% - can't %action% exclusive file already opened	7125
MsgDm::IntegBadAncestor	ES_DM	253	E_INFO	1	EV_NONE	0	5	%depotFile% - can't %action% from %fromFile%%fromRev% without %'-d'% or %flag% flag	6397
MsgDm::IntegBadBase	ES_DM	254	E_INFO	1	EV_NONE	0	4	%depotFile% - can't %action% from %fromFile%%fromRev% without -i flag	6398
MsgDm::IntegBadAction	ES_DM	255	E_INFO	1	EV_NONE	0	4	%depotFile% - can't %action% (already opened for %badAction%)[ (remapped from %movedFrom%)]	6399
MsgDm::IntegBadClient	ES_DM	256	E_INFO	1	EV_NONE	0	2	%depotFile% - is already opened by client %client%	6400
MsgDm::IntegBadUser	ES_DM	257	E_INFO	1	EV_NONE	0	2	%depotFile% - is already opened by user %user%	6401
MsgDm::IntegCantAdd	ES_DM	258	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% existing file	6402
MsgDm::IntegCantModify	ES_DM	259	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% deleted file	6403
MsgDm::IntegMustSync	ES_DM	260	E_INFO	1	EV_NONE	0	1	%toFile% - must sync before integrating.	6404
MsgDm::IntegSyncBranch	ES_DM	262	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - %action%/%'sync'% from %fromFile%%fromRev%	6406
MsgDm::IntegSyncIntegBase	ES_DM	427	E_INFO	1	EV_NONE	0	8	%depotFile%%workRev% - %'sync'%/%action% from %fromFile%%fromRev%[ using base %baseFile%][%baseRev%][ (remapped from %remappedFrom%)]	6571
MsgDm::IntegTooVirtual	ES_DM	449	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% file branched with %'integrate -v'%	6593
MsgDm::IntegMovedUnmapped	ES_DM	551	E_INFO	1	EV_NONE	0	2	%depotFile% - not in client view (remapped from %movedFrom%)	6695
MsgDm::IntegMovedOutScope	ES_DM	556	E_INFO	1	EV_NONE	0	2	%depotFile% - not in branch view (remapped from %movedFrom%)	6700
MsgDm::IntegMovedNoFrom	ES_DM	721	E_INFO	1	EV_NONE	0	5	%depotFile% - can't %action% from %fromFile%%fromRev% (moved from %movedFrom%; provide a branch view that maps this file, or use -Di to disregard move/deletes)	6865
MsgDm::IntegMovedNoFromS	ES_DM	759	E_INFO	1	EV_NONE	0	5	%depotFile% - can't %action% from %fromFile%%fromRev% (moved from %movedFrom%; provide a branch/stream view that maps this file, or use 'p4 copy' to force)	6903
MsgDm::IntegBaselessMove	ES_DM	682	E_WARN	2	EV_NONE	0	3	%depotFile% - resolve move to %moveFile% before integrating from %fromFile%	6826
MsgDm::IntegPreviewResolve	ES_DM	710	E_INFO	1	EV_USAGE	1	5	must resolve %resolveType% from %fromFile%%fromRev%[ using base %baseFile%][%baseRev%]	6854
MsgDm::IntegPreviewResolveMove	ES_DM	711	E_INFO	1	EV_USAGE	1	2	must resolve move to %fromFile%[ using base %baseFile%]	6855
MsgDm::JobDeleteHasFix	ES_DM	465	E_INFO	1	EV_NONE	0	2	%job% has %count% fixes associated with it and can't be deleted.	6609
MsgDm::LabelSyncUpdate	ES_DM	275	E_INFO	1	EV_NONE	0	2	%depotFile%%haveRev% - updated	6419
MsgDm::LdapConfBadPerms	ES_DM	806	E_FATAL	4	EV_NONE	0	0	LDAP configuration directory must have 700 permissions.	6950
MsgDm::BadPortNumber	ES_DM	803	E_FAILED	3	EV_CONTEXT	3	0	Port numbers must be in the range 1 to 65535.	6947
MsgDm::LockSuccess	ES_DM	276	E_INFO	1	EV_NONE	0	1	%depotFile% - locking	6420
MsgDm::LockAlready	ES_DM	277	E_INFO	1	EV_NONE	0	1	%depotFile% - already locked	6421
MsgDm::LockAlreadyOther	ES_DM	278	E_INFO	1	EV_NONE	0	3	%depotFile% - already locked by %user%[@%client%]	6422
MsgDm::LockAlreadyCommit	ES_DM	912	E_FAILED	3	EV_NOTYET	5	4	%depotFile% - already locked on Commit Server by %user%@%client% at change %change%	7056
MsgDm::LockNoPermission	ES_DM	279	E_INFO	1	EV_NONE	0	1	%depotFile% - no permission to lock file	6423
MsgDm::LockBadUnicode	ES_DM	525	E_INFO	1	EV_NONE	0	1	%depotFile% - cannot submit unicode type file using non-unicode server	6669
MsgDm::LockUtf16NotSupp	ES_DM	526	E_INFO	1	EV_NONE	0	1	%depotFile% - utf16 files can not be submitted by pre-2007.2 clients	6670
MsgDm::UnLockSuccess	ES_DM	280	E_INFO	1	EV_NONE	0	1	%depotFile% - unlocking	6424
MsgDm::UnLockAlready	ES_DM	281	E_INFO	1	EV_NONE	0	1	%depotFile% - already unlocked	6425
MsgDm::UnLockAlreadyOther	ES_DM	282	E_INFO	1	EV_NONE	0	3	%depotFile% - locked by %user%@%client%	6426
MsgDm::ShelvedHasWorking	ES_DM	742	E_INFO	1	EV_NONE	0	2	Cannot submit - files are open by client %client% at change %change%.	6886
MsgDm::ShelvedHasWorkingStream	ES_DM	1003	E_FAILED	3	EV_NONE	0	3	Cannot submit - stream spec %stream% is open by client %client% and on shelf %change%.	7147
MsgDm::MergeBadBase	ES_DM	638	E_INFO	1	EV_NONE	0	3	%depotFile% - can't merge unrelated file %fromFile%%fromRev%	6782
MsgDm::MoveBadAction	ES_DM	488	E_INFO	1	EV_NONE	0	2	%depotFile% - can't move (already opened for %badAction%)	6632
MsgDm::MoveDeleted	ES_DM	626	E_WARN	2	EV_NONE	0	2	%clientFile% - can't move (open for %action%); must accept other resolve(s) or ignore	6770
MsgDm::MoveExists	ES_DM	489	E_INFO	1	EV_NONE	0	1	%depotFile% - can't move to an existing file	6633
MsgDm::MoveNoInteg	ES_DM	763	E_FAILED	3	EV_NONE	0	2	%depotFile% - moved from %movedFile% but has no matching resolve record; must 'add -d' or 'move' to correct.	6907
MsgDm::MoveReadOnly	ES_DM	494	E_INFO	1	EV_NONE	0	1	%depotFile% - can't move to a spec or remote depot	6638
MsgDm::MoveReadOnlySrc	ES_DM	952	E_INFO	1	EV_NONE	0	1	%depotFile% - can't move from a spec or remote depot	7096
MsgDm::MoveNotSynced	ES_DM	528	E_INFO	1	EV_NONE	0	1	%depotFile% - not synced, can't force move	6672
MsgDm::MoveNotResolved	ES_DM	529	E_INFO	1	EV_NONE	0	1	%depotFile% - is unresolved, can't force move	6673
MsgDm::MoveNeedForce	ES_DM	530	E_INFO	1	EV_NONE	0	1	%clientFile% - is synced; use -f to force move	6674
MsgDm::MoveCantForce	ES_DM	953	E_INFO	1	EV_NONE	0	1	%clientFile% - is synced; can't use -r with existing target	7097
MsgDm::OpenAlready	ES_DM	284	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% (already opened on this client)	6428
MsgDm::OpenReadOnlyAndMap	ES_DM	930	E_INFO	1	EV_NONE	0	2	%clientFile% - can't %action% file that is additionally mapped in client's View	7074
MsgDm::OpenReadOnlyCMap	ES_DM	925	E_INFO	1	EV_NONE	0	2	%clientFile% - can't %action% file that is restricted by client's ChangeView mapping	7069
MsgDm::OpenXOpened	ES_DM	286	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% exclusive file already opened	6430
MsgDm::OpenXOpenedFailed	ES_DM	777	E_FAILED	3	EV_NONE	0	2	%depotFile% - can't %action% exclusive file already opened	6921
MsgDm::OpenXOpenedWarn	ES_DM	980	E_WARN	2	EV_NONE	0	2	%depotFile% - can't %action% exclusive file already opened	7124
MsgDm::OpenXOpenedLFS	ES_DM	987	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action%, LFS file locked by '%user%'	7131
MsgDm::OpenXOpenedLFSWarn	ES_DM	988	E_WARN	2	EV_NONE	0	2	%depotFile% - can't %action%, LFS file locked by '%user%'	7132
MsgDm::OpenXOpenedLFSFailed	ES_DM	999	E_FAILED	3	EV_NONE	0	2	%depotFile% - can't %action%, LFS file locked by '%user%'.\nUse 'p4 graph lfs-locks' to view LFS lock list.	7143
MsgDm::OpenBadAction	ES_DM	287	E_INFO	1	EV_NONE	0	3	%depotFile% - can't %action% (already opened for %badAction%)	6431
MsgDm::OpenBadClient	ES_DM	288	E_INFO	1	EV_NONE	0	2	%depotFile% - is already opened by client %client%	6432
MsgDm::OpenBadUser	ES_DM	289	E_INFO	1	EV_NONE	0	2	%depotFile% - is already opened by user %user%	6433
MsgDm::OpenBadChange	ES_DM	290	E_INFO	1	EV_NONE	0	2	%depotFile% - can't change from %change% - use '%'reopen'%'	6434
MsgDm::OpenBadType	ES_DM	291	E_INFO	1	EV_NONE	0	2	%depotFile% - can't change from %type% - use '%'reopen'%'	6435
MsgDm::OpenReOpen	ES_DM	292	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - reopened for %action%	6436
MsgDm::OpenUpToDate	ES_DM	293	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - currently opened for %action%	6437
MsgDm::OpenCantExists	ES_DM	294	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% existing file	6438
MsgDm::OpenCantDeleted	ES_DM	295	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% deleted file	6439
MsgDm::OpenCantMissing	ES_DM	860	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% missing file	7004
MsgDm::OpenSuccess	ES_DM	296	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - opened for %action%	6440
MsgDm::OpenMustResolve	ES_DM	297	E_INFO	1	EV_USAGE	1	2	%depotFile% - must %'sync'%/%'resolve'% %workRev% before submitting	6441
MsgDm::OpenIsLocked	ES_DM	298	E_INFO	1	EV_USAGE	1	3	%depotFile% - locked by %user%@%client%	6442
MsgDm::OpenIsOpened	ES_DM	299	E_INFO	1	EV_USAGE	1	3	%depotFile% - also opened by %user%@%client%	6443
MsgDm::OpenWarnOpenStream	ES_DM	553	E_INFO	1	EV_USAGE	1	1	%depotFile% - warning: cannot submit from non-stream client	6697
MsgDm::OpenWarnOpenNotStream	ES_DM	554	E_INFO	1	EV_USAGE	1	2	%depotFile% - warning: cannot submit from stream %stream% client	6698
MsgDm::OpenWarnChangeMap	ES_DM	799	E_INFO	1	EV_USAGE	1	2	%depotFile% - warning: cannot submit file that is restricted [to %change% ]by client's ChangeView mapping	6943
MsgDm::OpenWarnAndmap	ES_DM	929	E_INFO	1	EV_USAGE	1	2	%clientFile% - warning: cannot submit file that is additionally mapped in client's View	7073
MsgDm::OpenOtherDepot	ES_DM	724	E_FAILED	3	EV_NONE	0	3	%clientFile% - can't open %depotFile% (already opened as %depotFile2%)	6868
MsgDm::OpenTaskNotMapped	ES_DM	752	E_INFO	1	EV_NONE	0	2	%clientFile% - can't open %depotFile% (not mapped in client), must sync first.	6896
MsgDm::OpenHasResolve	ES_DM	815	E_FAILED	3	EV_ILLEGAL	4	2	%clientFile% - can't %action% file with pending integrations.	6959
MsgDm::OpenWarnReaddMoved	ES_DM	825	E_INFO	1	EV_USAGE	1	1	opened for %action% as new file; use '%'move'%' to recover moved files.	6969
MsgDm::OpenedData	ES_DM	302	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - %action% %change% (%type%)	6446
MsgDm::OpenedOther	ES_DM	303	E_INFO	1	EV_NONE	0	7	%depotFile%%workRev% - %action% %change% (%type%) by %user%@%client%	6447
MsgDm::OpenedLocked	ES_DM	304	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - %action% %change% (%type%) *locked*	6448
MsgDm::OpenedOtherLocked	ES_DM	305	E_INFO	1	EV_NONE	0	7	%depotFile%%workRev% - %action% %change% (%type%) by %user%@%client% *locked*	6449
MsgDm::OpenedXData	ES_DM	635	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - %action% %change% (%type%) *exclusive*	6779
MsgDm::OpenedXOther	ES_DM	636	E_INFO	1	EV_NONE	0	7	%depotFile%%workRev% - %action% %change% (%type%) by %user%@%client% *exclusive*	6780
MsgDm::OpenedOtherS	ES_DM	645	E_INFO	1	EV_NONE	0	5	%depotFile% - %action% %change% by %user%@%client%	6789
MsgDm::OpenedLockedS	ES_DM	646	E_INFO	1	EV_NONE	0	3	%depotFile% - %action% %change% *locked*	6790
MsgDm::OpenedOtherLockedS	ES_DM	647	E_INFO	1	EV_NONE	0	5	%depotFile% - %action% %change% by %user%@%client% *locked*	6791
MsgDm::OpenedXDataS	ES_DM	648	E_INFO	1	EV_NONE	0	3	%depotFile% - %action% %change% *exclusive*	6792
MsgDm::OpenedXOtherS	ES_DM	649	E_INFO	1	EV_NONE	0	5	%depotFile% - %action% %change% by %user%@%client% *exclusive*	6793
MsgDm::OpenExclLocked	ES_DM	771	E_INFO	1	EV_NONE	0	3	%depotFile% - %user%@%client% *exclusive*	6915
MsgDm::PopulateTargetExists	ES_DM	678	E_FAILED	3	EV_ILLEGAL	4	0	Can't populate target path when files already exist.	6822
MsgDm::PopulateTargetMixed	ES_DM	726	E_FAILED	3	EV_ILLEGAL	4	0	Can't update target with mixed stream/non-stream paths.	6870
MsgDm::PopulateInvalidStream	ES_DM	727	E_FAILED	3	EV_ILLEGAL	4	1	Can't update stream target with '%depotFile%'	6871
MsgDm::PopulateMultipleStreams	ES_DM	728	E_FAILED	3	EV_ILLEGAL	4	0	Can't update multiple streams with single command.	6872
MsgDm::ProtectsNoSuper	ES_DM	469	E_FAILED	3	EV_ADMIN	35	0	Can't delete last valid 'super' entry from protections table.	6613
MsgDm::ProtectsBadPerm	ES_DM	939	E_FAILED	3	EV_ADMIN	35	0	Can't add '%perm%' entry to sub-protections table.	7083
MsgDm::ProtectsPathOutOfScope	ES_DM	940	E_FAILED	3	EV_ADMIN	35	0	All paths in sub-protections table must be under path '%path%'.	7084
MsgDm::ProtectsOwnerEnds	ES_DM	941	E_FAILED	3	EV_ADMIN	35	0	Paths in 'owner' entries must end with '/...'.	7085
MsgDm::ProtectsOwnerWildcards	ES_DM	942	E_FAILED	3	EV_ADMIN	35	0	Can't add 'owner' entry with embedded wildcards in path.	7086
MsgDm::ProtectsOwnerTooWide	ES_DM	954	E_FAILED	3	EV_ADMIN	35	0	Paths in 'owner' entries must be more specific than '//...'.	7098
MsgDm::ProtectsOwnerUnmap	ES_DM	955	E_FAILED	3	EV_ADMIN	35	0	Can't add exclusionary 'owner' entries.	7099
MsgDm::PurgeDeleted	ES_DM	309	E_INFO	1	EV_NONE	0	7	Deleted [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and added %synInteg% integration ]record(s).	6453
MsgDm::PurgeCheck	ES_DM	310	E_INFO	1	EV_NONE	0	7	Would delete [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	6454
MsgDm::PurgePurged	ES_DM	1019	E_INFO	1	EV_NONE	0	7	Purged [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and added %synInteg% integration ]record(s).	7163
MsgDm::PurgePurgeCheck	ES_DM	1020	E_INFO	1	EV_NONE	0	7	Would purge [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	7164
MsgDm::PurgeActiveTask	ES_DM	737	E_FAILED	3	EV_ILLEGAL	4	2	Can't %action% active task stream files - '%depotFile%'	6881
MsgDm::PurgeUnloadedTask	ES_DM	959	E_FAILED	3	EV_ILLEGAL	4	2	Can't %action% unloaded task stream files - '%depotFile%'	7103
MsgDm::ReleaseHasPending	ES_DM	313	E_INFO	1	EV_NONE	0	2	%depotFile%%haveRev% - has pending integrations, not reverted	6457
MsgDm::ReleaseRevert	ES_DM	317	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - was %action%, reverted	6461
MsgDm::ReleaseUnlockAbandon	ES_DM	318	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - was %action%, unlocked and abandoned	6462
MsgDm::ReleaseUnlockClear	ES_DM	319	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - was %action%, unlocked and cleared	6463
MsgDm::ReleaseUnlockDelete	ES_DM	320	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - was %action%, unlocked and deleted	6464
MsgDm::ReleaseUnlockRevert	ES_DM	321	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - was %action%, unlocked and reverted	6465
MsgDm::ReleaseNotOwner	ES_DM	443	E_INFO	1	EV_NONE	0	3	%depotFile%%haveRev% - belongs to user %user%, not reverted	6587
MsgDm::ReleaseHasMoved	ES_DM	486	E_INFO	1	EV_NONE	0	2	%depotFile%%haveRev% - has been moved, not reverted	6630
MsgDm::ReopenData	ES_DM	322	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - reopened[; user %user%][; type %type%][; %change%]	6466
MsgDm::ReopenCharSet	ES_DM	767	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - reopened; charset %charset%	6911
MsgDm::ReopenBadType	ES_DM	760	E_INFO	1	EV_NONE	0	2	%depotFile%%workRev% - can't change +l type with reopen; use revert -k and then edit -t to change type.	6904
MsgDm::ReopenStream	ES_DM	998	E_INFO	1	EV_NONE	0	4	%stream%[@%haveChange%] - reopened[; user %user%][; %change%]	7142
MsgDm::ResolveAction	ES_DM	590	E_INFO	1	EV_NONE	0	6	%localPath% - resolving %resolveType% from %fromFile%%fromRev%[ using base %baseFile%][%baseRev%]	6734
MsgDm::ResolveActionMove	ES_DM	622	E_INFO	1	EV_NONE	0	3	%localPath% - resolving move to %fromFile%[ using base %baseFile%]	6766
MsgDm::ResolveDelete	ES_DM	324	E_INFO	1	EV_NONE	0	1	%localPath% - has been deleted - %'revert'% and %'sync'%.	6468
MsgDm::ResolveShelveDelete	ES_DM	639	E_FAILED	3	EV_FAULT	33	2	%depotFile%%rev%: can't resolve (shelved file was deleted); must %'revert'%, or %'revert -k'% and edit before submit.	6783
MsgDm::ResolveDoBranch	ES_DM	594	E_INFO	1	EV_NONE	0	0	Branch resolve	6738
MsgDm::ResolveDoDelete	ES_DM	597	E_INFO	1	EV_NONE	0	0	Delete resolve	6741
MsgDm::ResolveFiletype	ES_DM	591	E_INFO	1	EV_NONE	0	0	Filetype resolve	6735
MsgDm::ResolveMove	ES_DM	600	E_INFO	1	EV_NONE	0	0	Filename resolve	6744
MsgDm::ResolveTrait	ES_DM	666	E_INFO	1	EV_NONE	0	0	Attribute resolve	6810
MsgDm::ResolveTraitActionM	ES_DM	669	E_INFO	1	EV_NONE	0	1	merge their [%count% ]propagating attribute(s) with your set of attribute(s)	6813
MsgDm::ResolveCharset	ES_DM	764	E_INFO	1	EV_NONE	0	0	Charset resolve	6908
MsgDm::Resolve2WayRaw	ES_DM	325	E_INFO	1	EV_NONE	0	3	%localPath% - vs %fromFile%%fromRev%	6469
MsgDm::Resolve3WayRaw	ES_DM	326	E_INFO	1	EV_NONE	0	7	%localPath% - %baseType%/%headType% merge %fromFile%%fromRev%[ using base %baseFile%][%baseRev%]	6470
MsgDm::ResolveMustIgnore	ES_DM	798	E_FAILED	3	EV_NONE	0	1	%clientFile% - their revision is unavailable; %'resolve -ay'% (ignore) or revert?	6942
MsgDm::ResolvedAction	ES_DM	593	E_INFO	1	EV_NONE	0	6	%localPath% - resolved %resolveType% from %fromFile%%fromRev%[ using base %baseFile%][%baseRev%]	6737
MsgDm::ResolvedActionMove	ES_DM	623	E_INFO	1	EV_NONE	0	4	%localPath% - resolved move (%how% %fromFile%)[ using base %baseFile%]	6767
MsgDm::ReviewData	ES_DM	329	E_INFO	1	EV_NONE	0	4	%change% %user% <%email%> (%fullName%)	6473
MsgDm::ShelveCantUpdate	ES_DM	512	E_FAILED	3	EV_USAGE	1	1	%depotFile% - already shelved, use %'-f'% to update.	6656
MsgDm::ShelveLocked	ES_DM	518	E_INFO	1	EV_NONE	0	1	%depotFile% - shelved file locked, try again later.	6662
MsgDm::ShelveUnlocked	ES_DM	519	E_INFO	1	EV_NONE	0	1	%depotFile% - shelved file unlocked, try again later.	6663
MsgDm::ShelveIncompatible	ES_DM	522	E_FAILED	3	EV_USAGE	1	1	%depotFile% - can't overwrite a shelved moved file, use %'-r'% to replace.	6666
MsgDm::ShelveMaxFiles	ES_DM	523	E_FAILED	3	EV_USAGE	1	1	Shelve file limit exceeded (over %maxFiles%).	6667
MsgDm::ShelveNoPerm	ES_DM	541	E_INFO	1	EV_NONE	0	1	%depotFile% - no permission to shelve file	6685
MsgDm::ShelveNeedsResolve	ES_DM	620	E_FAILED	3	EV_NONE	0	3	%depotFile% - must %'resolve'% %file%%srev% before shelving	6764
MsgDm::ShelveOpenResolves	ES_DM	633	E_FAILED	3	EV_NONE	0	3	%depotFile% - unshelved file for [%user%@]%client% needs %'resolve'%	6777
MsgDm::FieldCount	ES_DM	496	E_FAILED	3	EV_USAGE	1	1	'%tag%' unknown or wrong number of fields for path-type.	6640
MsgDm::StreamTargetExists	ES_DM	753	E_FAILED	3	EV_NONE	0	1	%stream% - can't create stream where files already exist.	6897
MsgDm::StreamRootErr	ES_DM	499	E_FAILED	3	EV_NONE	0	1	Stream '%stream%' must begin with '%'//'%'.	6643
MsgDm::StreamEqDepot	ES_DM	503	E_FAILED	3	EV_NONE	0	1	Stream '%stream%' must be below depot level.	6647
MsgDm::StreamDepthErr	ES_DM	504	E_FAILED	3	EV_NONE	0	1	Stream '%stream%' must reside in first folder below depot level.	6648
MsgDm::StreamVsDomains	ES_DM	506	E_FATAL	4	EV_FAULT	33	0	Stream and domains table out of sync!	6650
MsgDm::StreamVsTemplate	ES_DM	816	E_FATAL	4	EV_FAULT	33	1	Stream and template table out of sync for stream %stream%!	6960
MsgDm::ImportGraphBadRef	ES_DM	978	E_FAILED	3	EV_USAGE	1	0	Import of graph depot must specify a reference.	7122
MsgDm::StreamOpened	ES_DM	904	E_INFO	1	EV_NONE	0	4	Stream %stream%[@%haveChange%] - %action% stream spec %change% 	7048
MsgDm::StreamIsOpen	ES_DM	905	E_WARN	2	EV_NOTYET	5	1	Stream %stream% is already open on this client.	7049
MsgDm::StreamReverted	ES_DM	907	E_INFO	1	EV_NONE	0	1	Stream %stream% reverted.	7051
MsgDm::StreamShelveMismatch	ES_DM	913	E_FAILED	3	EV_NOTYET	5	2	Shelved stream %shelvedStream% does not match client stream [%clientStream%|(none)].	7057
MsgDm::StreamSwitchOpen	ES_DM	915	E_FAILED	3	EV_NOTYET	5	1	Can't switch to %stream% while current stream spec has pending changes.  Use 'p4 stream revert' to discard.	7059
MsgDm::StreamMustResolve	ES_DM	916	E_FAILED	3	EV_NOTYET	5	1	Stream %stream% is out of date; run 'p4 stream resolve'.	7060
MsgDm::StreamShelved	ES_DM	917	E_INFO	1	EV_NONE	0	1	Stream %stream% shelved.	7061
MsgDm::StreamUnshelved	ES_DM	918	E_INFO	1	EV_NONE	0	1	Stream %stream% unshelved.	7062
MsgDm::StreamResolve	ES_DM	908	E_INFO	1	EV_NONE	0	5	%localStream% %field% - resolving %fromStream%@%fromChange%[ using base @%baseChange%]	7052
MsgDm::StreamResolveField	ES_DM	910	E_INFO	1	EV_NONE	0	1	%field% resolve	7054
MsgDm::StreamlogRevMessage	ES_DM	1000	E_INFO	1	EV_USAGE	1	6	%change% %action%[ on %date%][ by %user%][@%client%][ %description%]	7144
MsgDm::SubmitUpToDate	ES_DM	331	E_INFO	1	EV_NONE	0	2	%depotFile% - opened at head rev %workRev%	6475
MsgDm::SubmitWasAdd	ES_DM	332	E_INFO	1	EV_NONE	0	2	%depotFile% - %action% of added file; must %'revert'%	6476
MsgDm::SubmitWasDelete	ES_DM	333	E_INFO	1	EV_NONE	0	2	%depotFile% - %action% of deleted file; must %'revert'%	6477
MsgDm::SubmitWasDeleteCanReadd	ES_DM	539	E_INFO	1	EV_NONE	0	2	%depotFile% - %action% of deleted file; must %'sync'% & %'add -d'% or %'revert'%	6683
MsgDm::SubmitMustResolve	ES_DM	334	E_INFO	1	EV_NONE	0	1	%depotFile% - must %'resolve'% before submitting	6478
MsgDm::SubmitRefresh	ES_DM	336	E_INFO	1	EV_NONE	0	2	%depotFile%%depotRev% - refreshing	6480
MsgDm::SubmitReverted	ES_DM	444	E_INFO	1	EV_NONE	0	2	%depotFile%%depotRev% - unchanged, reverted	6588
MsgDm::SubmitResolve	ES_DM	337	E_INFO	1	EV_NONE	0	3	%toFile% - must %'resolve'% %fromFile%%fromRev%	6481
MsgDm::SubmitNewResolve	ES_DM	338	E_INFO	1	EV_NONE	0	2	%fromFile% - must %'resolve'% %fromRev%	6482
MsgDm::SubmitChanges	ES_DM	339	E_INFO	1	EV_NONE	0	2	Use '%'p4 submit -c '%%change%' to submit file(s) in pending %newChange%.	6483
MsgDm::SyncCantDelete	ES_DM	343	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - is opened for %action% and can't be deleted	6487
MsgDm::SyncCantReplace	ES_DM	344	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - is opened for %action% and can't be replaced	6488
MsgDm::SyncRefresh	ES_DM	346	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - refreshing %localPath%	6490
MsgDm::SyncIntegUpdate	ES_DM	347	E_INFO	1	EV_NONE	0	2	%depotFile%%workRev% - is opened and not being changed	6491
MsgDm::SyncIntegDelete	ES_DM	348	E_INFO	1	EV_NONE	0	3	%depotFile%%workRev% - is opened for %action% - not changed	6492
MsgDm::SyncIntegBackwards	ES_DM	349	E_INFO	1	EV_NONE	0	2	%depotFile%%workRev% - is opened at a later revision - not changed	6493
MsgDm::SyncUptodate	ES_DM	350	E_INFO	1	EV_NONE	0	2	%depotFile%%haveRev% - is up-to-date	6494
MsgDm::SyncResolve	ES_DM	351	E_INFO	1	EV_USAGE	1	2	%depotFile% - must %'resolve'% %revRange% before submitting	6495
MsgDm::SyncCantPublishIsOpen	ES_DM	457	E_INFO	1	EV_NONE	0	1	%depotFile% - can't %'sync -p'% a file that's opened	6601
MsgDm::SyncCantPublishOnHave	ES_DM	458	E_INFO	1	EV_NONE	0	1	%depotFile% - can't %'sync -p'% a file that's synced	6602
MsgDm::SyncMissingMoveSource	ES_DM	492	E_INFO	1	EV_NONE	0	2	%depotFile% - can't sync moved file,  %fromFile% is missing from the rev table!	6636
MsgDm::SyncNotSafeAdd	ES_DM	602	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - can't overwrite existing file %localPath%	6746
MsgDm::SyncNotSafeDelete	ES_DM	603	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - can't delete modified file %localPath%	6747
MsgDm::SyncNotSafeUpdate	ES_DM	604	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - can't update modified file %localPath%	6748
MsgDm::SyncNotSafeReplace	ES_DM	605	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - can't replace modified file %localPath%	6749
MsgDm::TangentBadSource	ES_DM	878	E_FAILED	3	EV_FAULT	33	2	Can't create a tangent of %depotFile% because it is in a %badPlace%.	7022
MsgDm::TangentBlockedDepot	ES_DM	879	E_FAILED	3	EV_FAULT	33	1	A %depotType% depot called '%'tangent'%' already exists; must create a new %'tangent'% depot.	7023
MsgDm::TraitIsOpen	ES_DM	686	E_FAILED	3	EV_CONTEXT	3	0	Cannot set propagating traits on currently opened file(s).	6830
MsgDm::TriggerSave	ES_DM	352	E_INFO	1	EV_NONE	0	0	Triggers saved.	6496
MsgDm::TriggerNoChange	ES_DM	353	E_INFO	1	EV_NONE	0	0	Triggers not changed.	6497
MsgDm::TriggerNoDepotFile	ES_DM	793	E_FAILED	3	EV_USAGE	1	2	Trigger depot file '%file%' not found, purged or wrong type for trigger '%trigger%'.	6937
MsgDm::TriggerNoArchiveType	ES_DM	794	E_FAILED	3	EV_USAGE	1	0	Archive trigger may not use trigger depot files.	6938
MsgDm::TriggerDuplicateType	ES_DM	960	E_FAILED	3	EV_USAGE	1	1	Only one trigger of type %type% allowed.	7104
MsgDm::TriggerIncomplete2FA	ES_DM	961	E_FAILED	3	EV_USAGE	1	0	Incomplete set of multi factor authentication triggers defined.	7105
MsgDm::UnshelveBadAction	ES_DM	510	E_INFO	1	EV_NONE	0	2	%depotFile% - can't unshelve (already opened for %badAction%)	6654
MsgDm::UnshelveBadClientView	ES_DM	641	E_INFO	1	EV_NONE	0	2	%depotFile% - can't unshelve (already opened for %action% using a different client view path)	6785
MsgDm::UnshelveBadAdd	ES_DM	520	E_INFO	1	EV_NONE	0	2	Can't unshelve %depotFile% to open for %badAdd%: file already exists.	6664
MsgDm::UnshelveBadEdit	ES_DM	521	E_INFO	1	EV_NONE	0	2	Can't unshelve %depotFile% to open for %badEdit%: file does not exist or has been deleted.	6665
MsgDm::UnshelveSuccess	ES_DM	511	E_INFO	1	EV_NONE	0	3	%depotFile%%depotRev% - unshelved, opened for %action%	6655
MsgDm::UnshelveIsLocked	ES_DM	513	E_FAILED	3	EV_USAGE	1	0	File(s) in this shelve are locked - try again later!	6657
MsgDm::UnshelveResolve	ES_DM	621	E_INFO	1	EV_USAGE	1	3	%depotFile% - must %'resolve'% %fromFile%%rev% before submitting	6765
MsgDm::UnshelveNotTask	ES_DM	744	E_FAILED	3	EV_USAGE	1	2	%depotFile% - can't unshelve for %action%, task stream client required.	6888
MsgDm::UnshelveFromRemote	ES_DM	797	E_INFO	1	EV_NONE	0	2	%depotFile% - can't unshelve from remote server (already opened for %badAction%)	6941
MsgDm::UnshelveBadChangeView	ES_DM	820	E_FAILED	3	EV_NOTYET	5	2	%depotFile% - can't unshelve from revision at change %change% (restricted by client's ChangeView)	6964
MsgDm::UnshelveBadAndmap	ES_DM	928	E_FAILED	3	EV_NOTYET	5	2	%clientFile% - can't unshelve from revision at change %change% (additionally mapped in client's View)	7072
MsgDm::UnshelveStreamIsOpen	ES_DM	1004	E_FAILED	3	EV_NONE	0	1	Cannot unshelve stream %stream%, the specification is already open on this client.	7148
MsgDm::UserCantDelete	ES_DM	359	E_INFO	1	EV_NONE	0	2	User %user% has file(s) open on %value% client(s) and can't be deleted.	6503
MsgDm::VerifyData	ES_DM	362	E_INFO	1	EV_NONE	0	7	%depotFile%%depotRev% - %action% %change% (%type%) %digest%[ %status%]	6506
MsgDm::VerifyDataProblem	ES_DM	730	E_FAILED	3	EV_NONE	0	7	%depotFile%%depotRev% - %action% %change% (%type%) %digest% %status%	6874
MsgDm::ExSTREAMOPEN	ES_DM	906	E_WARN	2	EV_EMPTY	17	1	[%argc% - stream|Stream] not opened on this client.	7050
MsgDm::ExVIEW	ES_DM	367	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not in client view.	6511
MsgDm::ExVIEW2	ES_DM	477	E_WARN	2	EV_EMPTY	17	2	%!%[%argc% - file(s)|File(s)] not in client view.	6621
MsgDm::ExSVIEW	ES_DM	478	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] source file(s) in branch view.	6622
MsgDm::ExTVIEW	ES_DM	479	E_WARN	2	EV_EMPTY	17	2	%!%[%argc% - no|No] target file(s) in branch view.	6623
MsgDm::ExBVIEW	ES_DM	368	E_WARN	2	EV_EMPTY	17	2	%!%[%argc% - no|No] target file(s) in both client and branch view.	6512
MsgDm::ExINTEGPEND	ES_DM	371	E_WARN	2	EV_EMPTY	17	1	[%argc% - all|All] revision(s) already integrated in pending changelist.	6515
MsgDm::ExINTEGPERM	ES_DM	372	E_WARN	2	EV_EMPTY	17	1	[%argc% - all|All] revision(s) already integrated.	6516
MsgDm::ExINTEGMOVEDEL	ES_DM	725	E_WARN	2	EV_EMPTY	17	1	[%argc% - move/delete(s)|Move/delete(s)] must be integrated along with matching move/add(s).	6869
MsgDm::ExDIGESTED	ES_DM	374	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] already have digests.	6518
MsgDm::ExFILE	ES_DM	375	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] such file(s).	6519
MsgDm::ExINTEGED	ES_DM	377	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] file(s) integrated.	6521
MsgDm::ExLABSYNC	ES_DM	379	E_WARN	2	EV_EMPTY	17	1	[%argc% - label|Label] in sync.	6523
MsgDm::ExOPENALL	ES_DM	380	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened anywhere.	6524
MsgDm::ExOPENCHANGE	ES_DM	381	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened in that changelist.	6525
MsgDm::ExUNLOCKCHANGE	ES_DM	650	E_WARN	2	EV_EMPTY	17	1	[%argc% - shelved|Shelved] file(s) not locked in that changelist.	6794
MsgDm::ExOPENCLIENT	ES_DM	382	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened on this client.	6526
MsgDm::ExOPENNOTEDIT	ES_DM	383	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened for edit.	6527
MsgDm::ExOPENNOTEDITADD	ES_DM	849	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened for edit or add.	6993
MsgDm::ExOPENDFLT	ES_DM	384	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] not opened in default changelist.	6528
MsgDm::ExRESOLVED	ES_DM	385	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] file(s) resolved.	6529
MsgDm::ExTORESOLVE	ES_DM	387	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] file(s) to resolve.	6531
MsgDm::ExUPTODATE	ES_DM	388	E_WARN	2	EV_EMPTY	17	1	[%argc% - file(s)|File(s)] up-to-date.	6532
MsgDm::ExTOUNSHELVE	ES_DM	516	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] file(s) to unshelve.	6660
MsgDm::MonitorCantTerminate	ES_DM	409	E_INFO	1	EV_NONE	0	2	** process '%id%' can't terminate, runtime < %t% seconds **	6553
MsgDm::AdminSpecData	ES_DM	466	E_INFO	1	EV_NONE	0	1	%depotFile% - created	6610
MsgDm::AdminPasswordData	ES_DM	723	E_INFO	1	EV_NONE	0	1	%user% - must reset password	6867
MsgDm::AdminSetLdapUserNoSuper	ES_DM	875	E_FAILED	3	EV_USAGE	1	0	At least one super user with AuthMethod of 'perforce' must exist to perform this operation.	7019
MsgDm::MaxLockTime	ES_DM	453	E_FAILED	3	EV_ADMIN	35	1	Operation took too long (over %maxLockTime% seconds); see '%'p4 help maxlocktime'%'.	6597
MsgDm::UnknownReplicationMode	ES_DM	611	E_FAILED	3	EV_FAULT	33	1	Unknown replication mode '%mode%'.	6755
MsgDm::UnknownReplicationTarget	ES_DM	612	E_FAILED	3	EV_FAULT	33	1	Unknown replication target '%target%'.	6756
MsgDm::ResourceAlreadyLocked	ES_DM	628	E_FATAL	4	EV_FAULT	33	2	Resource %objType%#%objName% is already locked!	6772
MsgDm::NoSuchResource	ES_DM	629	E_FATAL	4	EV_FAULT	33	2	Resource %objType%#%objName% was never locked!	6773
MsgDm::ImportNoDepot	ES_DM	847	E_FAILED	3	EV_CONTEXT	3	1	Cannot import '%depotFile%' because it is in an unknown depot.	6991
MsgDm::DepotDepthDiffers	ES_DM	883	E_FAILED	3	EV_CONTEXT	3	1	Cannot change stream depth '%depotDepth%' when streams or depot archives already exist.	7027
MsgDm::ZipIntegMismatch	ES_DM	834	E_FAILED	3	EV_FAULT	33	0	Integration record mismatch.	6978
MsgDm::RevisionAlreadyPresent	ES_DM	822	E_FAILED	3	EV_USAGE	1	1	Cannot import %depotFile% because there is already an existing revision.	6966
MsgDm::SharedActionMismatch	ES_DM	818	E_FAILED	3	EV_USAGE	1	3	Conflict: %change% %depotFile%%depotRev% (%action%).	6962
MsgDm::ImportedChange	ES_DM	841	E_INFO	1	EV_NONE	0	2	Change %change% imported as change %finalChange%.	6985
MsgDm::ImportedIntegration	ES_DM	843	E_INFO	1	EV_NONE	0	2	Integration imported from %fromFile% to %toFile%.	6987
MsgDm::ImportSkippedInteg	ES_DM	851	E_INFO	1	EV_NONE	0	2	Integration from %fromFile% to %toFile% was already present in the target repository.	6995
MsgDm::ImportWouldAddChange	ES_DM	891	E_INFO	1	EV_NONE	0	1	Change %change% would be imported to the target repository.	7035
MsgDm::ImportDanglingInteg	ES_DM	857	E_INFO	1	EV_NONE	0	2	Integration from %fromFile% to %toFile% ignored due to missing revision.	7001
MsgDm::ImportSkippedChange	ES_DM	844	E_INFO	1	EV_NONE	0	1	Change %change% was already present in the target repository.	6988
MsgDm::ImportSkippedFile	ES_DM	845	E_INFO	1	EV_NONE	0	1	File %depotFile%%depotRev% was already present in the target repository.	6989
MsgDm::UnzipIsLocked	ES_DM	859	E_FAILED	3	EV_USAGE	1	3	%depotFile% - locked by %user%@%client%	7003
MsgDm::ResubmitNoFiles	ES_DM	864	E_FAILED	3	EV_USAGE	1	1	Cannot resubmit shelved %change% because no shelved files were found.	7008
MsgDm::ResubmitStreamClassic	ES_DM	865	E_FAILED	3	EV_USAGE	1	0	Cannot resubmit these changes because some affect stream depots while others affect classic depots.	7009
MsgDm::ResubmitMultiStream	ES_DM	866	E_FAILED	3	EV_USAGE	1	1	Cannot resubmit change %change% because it affects multiple stream depots.	7010
MsgDm::UnsubmittedChange	ES_DM	855	E_INFO	1	EV_NONE	0	1	Change %change% unsubmitted and shelved.	6999
MsgDm::UnsubmittedRenamed	ES_DM	868	E_INFO	1	EV_NONE	0	2	Change %change% renamed as %origChange%, unsubmitted and shelved.	7012
MsgDm::UnsubmitNotHead	ES_DM	827	E_FAILED	3	EV_USAGE	1	3	Cannot unsubmit %depotFile%%depotRev% because the head revision is %headRev%	6971
MsgDm::UnsubmitNoTraits	ES_DM	850	E_FAILED	3	EV_USAGE	1	2	Cannot unsubmit %depotFile%%depotRev% because it has associated attributes.	6994
MsgDm::UnsubmitOpened	ES_DM	828	E_FAILED	3	EV_USAGE	1	3	Cannot unsubmit %depotFile%%depotRev% because it is currently opened by %client%	6972
MsgDm::UnsubmitArchived	ES_DM	854	E_FAILED	3	EV_USAGE	1	3	Cannot unsubmit %depotFile%%depotRev% - %action% has occurred.	6998
MsgDm::UnsubmitTaskStream	ES_DM	863	E_FAILED	3	EV_USAGE	1	2	Cannot unsubmit %depotFile%%depotRev% - it is in an active task stream.	7007
MsgDm::UnsubmitNotSubmitted	ES_DM	829	E_FAILED	3	EV_USAGE	1	1	Cannot unsubmit change %change% because it is not a submitted change.	6973
MsgDm::UnsubmitEmptyChange	ES_DM	884	E_FAILED	3	EV_USAGE	1	1	Cannot unsubmit change %change% because it is an empty change.	7028
MsgDm::UnsubmitWrongUser	ES_DM	830	E_FAILED	3	EV_USAGE	1	1	Cannot unsubmit change %change% because it was submitted by another user.	6974
MsgDm::UnsubmitWrongClient	ES_DM	831	E_FAILED	3	EV_USAGE	1	1	Cannot unsubmit change %change% because it was submitted by another client.	6975
MsgDm::UnsubmitIntegrated	ES_DM	832	E_FAILED	3	EV_USAGE	1	3	Cannot unsubmit %change% because %depotFile%%depotRev% has been integrated elsewhere.	6976
MsgDm::UnsubmitNoInteg	ES_DM	833	E_FAILED	3	EV_FAULT	33	0	Integration record mismatch.	6977
MsgDm::UnsubmitNoChanges	ES_DM	874	E_FAILED	3	EV_USAGE	1	1	No changes were found matching %filespec% that could be unsubmitted.	7018
MsgDm::UnzipChangePresent	ES_DM	869	E_FATAL	4	EV_FAULT	33	1	An attempt was made to import %change% into this server, but a change record for that change is already present!	7013
MsgDm::UnzipRevisionPresent	ES_DM	870	E_FATAL	4	EV_FAULT	33	2	An attempt was made to import %depotFile%%depotRev% into this server, but a revision record for that revision is already present!	7014
MsgDm::UnzipIntegrationPresent	ES_DM	871	E_FATAL	4	EV_FAULT	33	4	An attempt was made to import integration %toFile% %how% %fromFile% %fromRevRange% into this server, but an integration record for that integration is already present!	7015
MsgDm::ChangeIdentityAlready	ES_DM	887	E_FAILED	3	EV_USAGE	1	3	%change% may not be given identity %identity% because that identity has already been used by %existingChange%.	7031
MsgDm::CannotChangeStorageType	ES_DM	894	E_FAILED	3	EV_USAGE	1	0	Client storage type cannot be changed after client is created.	7038
MsgDm::ServerLocksOrder	ES_DM	895	E_FATAL	4	EV_FAULT	33	4	Server locking failure: %objectType% %objectName% %lockOrder% locked after %currentLockOrder%!	7039
MsgDm::ShelveNotSubmittable	ES_DM	937	E_FAILED	3	EV_NOTYET	5	1	Shelved file %depotFile% has no submitted revisions. Perhaps the file was obliterated after the shelf was created, or perhaps the shelf was pushed from another server where the underlying file exists. You may unshelve the file and resolve it to specify that the new file should be added, or you may remove the file from the shelf, or you may submit the underlying revision first, but you may not submit this shelf as-is.	7081
MsgDm::NoSplitMoves	ES_DM	938	E_FAILED	3	EV_NOTYET	5	4	Change %change% performs a %action% on %file%%rev%, but the parameters of this fetch, push, or zip command include only part of the full action. Specify a wider view to include both the source and target of the change, or specify a narrower view to exclude both the source and target of the change.	7082
MsgDm::LogNumericInvalid	ES_DM	949	E_FAILED	3	EV_USAGE	1	1	Log %property% must be numeric.	7093
MsgDm::LogEventUnknown	ES_DM	1021	E_FAILED	3	EV_NONE	0	1	Unknown event type %type%!	7165
MsgDm::LogEventVerUnknown	ES_DM	1022	E_FAILED	3	EV_NONE	0	2	Unknown version %version% for event type %type%!	7166
MsgDm::ExtensionBadName	ES_DM	1005	E_FAILED	3	EV_USAGE	1	0	Extension name must be in <namespace>::<extname>#<rev> format	7149
MsgDm::StreamAlreadyOpenInCLNO	ES_DM	989	E_WARN	2	EV_NOTYET	5	2	Stream %stream% already in a different pending changelist %change%.	7133
MsgDm::StreamNotOpenInCLNO	ES_DM	993	E_WARN	2	EV_NOTYET	5	2	Stream %stream% not open in pending changelist %change%.	7137
MsgDm::StreamNotOpenOnClient	ES_DM	990	E_WARN	2	EV_NOTYET	5	2	Stream %stream% not opened on client %client%.	7134
MsgDm::ExtensionBadDirectory	ES_DM	1023	E_FAILED	3	EV_USAGE	1	0	Extension package directory name must be the directory name only. eg: --package ExtName	7167
MsgDm::JobName101	ES_DM	79	E_FAILED	3	EV_USAGE	1	0	A job name field with code %'101'% must be present.	6223
MsgDm::FixesDataDefault	ES_DM	240	E_INFO	1	EV_NONE	0	5	%job% fixed by %change% on %date% by %user%@%client%	6384
MsgDm::InfoUnknownDomain	ES_DM	248	E_INFO	1	EV_NONE	0	1	%domainType% unknown.	6392
MsgDm::ExTOINTEG	ES_DM	386	E_WARN	2	EV_EMPTY	17	1	[%argc% - no|No] file(s) to integrate.	6530
MsgDm::IntegSyncDelete	ES_DM	263	E_INFO	1	EV_NONE	0	5	%depotFile%%workRev% - %'sync'%/%action% from %fromFile%%fromRev%	6407
MsgDm::NoNextRev	ES_DM	48	E_FATAL	4	EV_FAULT	33	1	Can't find %depotFile%'s successor rev!	6192
MsgDm::DepotSpecDup	ES_DM	420	E_FAILED	3	EV_CONTEXT	3	1	There is already a %'spec'% depot called '%depot%'.	6564
MsgDm2::RequiresAutoIdCode	ES_DM2	5	E_FAILED	3	EV_FAULT	33	0	New field code in '%type%' spec must be entered as 'NNN'	19461
MsgDm2::RequiresAutoIdOrPosCode	ES_DM2	7	E_FAILED	3	EV_FAULT	33	0	New field code in '%type%' spec must be entered as 'NNN' or positive int.	19463
MsgDm2::CannotRecreateDeleteField	ES_DM2	8	E_FAILED	3	EV_FAULT	33	0	New field code '%code% %tag%' was previously deleted and may not be recreated.	19464
MsgDm2::IntegIntoReadOnlyOverlay	ES_DM2	108	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% into file that is overlaid in client's View	19564
MsgDm2::OpenReadOnlyOverlay	ES_DM2	109	E_INFO	1	EV_NONE	0	2	%depotFile% - can't %action% file that is overlaid in client's View	19565
MsgDm2::OpenWarnOverlay	ES_DM2	110	E_INFO	1	EV_USAGE	1	2	%depotFile% - warning: cannot submit file that is overlaid in client's View	19566
MsgDm2::OpenUndoConflict	ES_DM2	114	E_FAILED	3	EV_NOTYET	5	6	%depotFile% - can't %action% (undo @%startChange%,@%endChange%) and %action2% at the same time[ (try undoing changes after @%moveChange% first?)]	19570
MsgDm2::UnshelveBadOverlay	ES_DM2	111	E_FAILED	3	EV_NOTYET	5	2	%depotFile% - can't unshelve from revision at change %change% (overlaid in client's View)	19567
MsgDm2::UnshelveStreamResolve	ES_DM2	9	E_INFO	1	EV_USAGE	1	3	%streamSpec% - must resolve shelved stream spec %streamSpec%@%change% before submitting	19465
MsgDm2::StreamSpecProtectsNotCompatible	ES_DM2	13	E_FAILED	3	EV_ADMIN	35	0	Helix P4Admin tool version is not compatible with streamSpec permissions.\nThe protection table currently contains streamspec permissions.\nYou must use P4Admin with release >= 2020.1 or p4 to administer the protection table.	19469
MsgDm2::StreamOpenedByUser	ES_DM2	14	E_INFO	1	EV_NONE	0	5	Stream %stream%[@%haveChange%] - %action% stream spec %change% by %user%	19470
MsgDm2::StreamOpenReOpen	ES_DM2	15	E_INFO	1	EV_NONE	0	3	%stream%[@%haveChange%] - reopened for %action%	19471
MsgDm2::GblLockMissing	ES_DM2	25	E_FAILED	3	EV_FAULT	33	1	Commit server didn't report back on locking '%dfile%'	19481
MsgDm2::GblUnlockMissing	ES_DM2	94	E_FAILED	3	EV_FAULT	33	1	Commit server didn't report back on unlocking '%dfile%'	19550
MsgDm2::StreamParentViewMustBeOpen	ES_DM2	28	E_FAILED	3	EV_FAULT	33	1	Stream spec %streamname% must be open in the current client to change the Parent View field.	19484
MsgDm2::StreamNoCmtClientBadSave	ES_DM2	32	E_FAILED	3	EV_UPGRADE	37	1	The stream specification for %stream% contains comments.\nThis client program is too old to update this stream spec.\nThe client program must be fully compatible with the 2020.2 server release in order to update a stream specification with comments.	19488
MsgDm2::ConnNeedsFwdCrypto	ES_DM2	33	E_FAILED	3	EV_UNKNOWN	2	0	Connection to upstream is already established without required authentication parameters!	19489
MsgDm2::PurgeCheckWldDelIgn	ES_DM2	36	E_INFO	1	EV_NONE	0	7	Would delete [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ]ignoring [%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19492
MsgDm2::PurgeCheckWldDel	ES_DM2	37	E_INFO	1	EV_NONE	0	7	Would delete [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19493
MsgDm2::PurgeCheckIgn	ES_DM2	38	E_INFO	1	EV_NONE	0	7	[%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ]Ignoring [%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19494
MsgDm2::PurgePurgeCheckWldDelIgn	ES_DM2	39	E_INFO	1	EV_NONE	0	7	Would purge [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ]ignoring [%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19495
MsgDm2::PurgePurgeCheckWldDel	ES_DM2	40	E_INFO	1	EV_NONE	0	7	Would purge [%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ][%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19496
MsgDm2::PurgePurgeCheckIgn	ES_DM2	41	E_INFO	1	EV_NONE	0	7	[%onHave% client ][%onLabel% label ][%onInteg% integration ][%onWorking% opened ][%onRev% revision ]Ignoring [%onRevArchive% archived-revision ][and add %synInteg% integration ]record(s).	19497
MsgDm2::StreamAtChangeDeleted	ES_DM2	42	E_FAILED	3	EV_CONTEXT	3	2	Stream '%stream%' was deleted after change %change%	19498
MsgDm2::StreamNotOpenInChange	ES_DM2	43	E_FAILED	3	EV_CONTEXT	3	2	Stream '%stream%' not open in change %change%	19499
MsgDm2::RmtTopologyExists	ES_DM2	47	E_INFO	1	EV_NONE	0	2	Topology [SrcAddr:'%addr%' and DestAddr:'%daddr%'] already exists in this installation.	19503
MsgDm2::ReopenHasMoved	ES_DM2	49	E_INFO	1	EV_NONE	0	2	%depotFile%%haveRev% - has been moved, not reopened	19505
MsgDm2::LockNameNull	ES_DM2	57	E_FAILED	3	EV_ADMIN	35	1	ServerLock name is null. Lock type is %locktype%.	19513
MsgDm2::StreamDeletedInChange	ES_DM2	59	E_FAILED	3	EV_CONTEXT	3	2	Stream '%stream%' was deleted in change %change%	19515
MsgDm2::StreamNotModifiedAtChange	ES_DM2	61	E_FAILED	3	EV_CONTEXT	3	2	Stream '%stream%' was neither edited nor deleted in change %change%.	19517
MsgDm2::CannotDeleteShelvedStream	ES_DM2	63	E_FAILED	3	EV_CONTEXT	3	2	Cannot delete/obliterate shelved stream '%stream%' (shelf %shelf%).	19519
MsgDm2::StreamDeletedInChangeWarn	ES_DM2	80	E_WARN	2	EV_CONTEXT	3	2	Stream '%stream%' was deleted in change %change%	19536
MsgDm2::FilesDataStreamViews	ES_DM2	86	E_INFO	1	EV_NONE	0	6	%streamFile%%depotRev% (mapped to %depotFile%) - %action% %change% (%type%)	19542
MsgDm2::TopologyRecAlreadyDeleted	ES_DM2	92	E_WARN	2	EV_NONE	0	3	The server with address '%addr%', destaddress '%daddr%' and serverid '%svrID%' is already marked as deleted.	19548
MsgDm2::TopologyRecAlreadyMoved	ES_DM2	96	E_WARN	2	EV_NONE	0	6	The server with address '%addr%', destaddress '%daddr%' and serverid '%svrID%' is already moved to address '%taddr%', destaddress '%tdaddr%' and serverid '%tsvrID%'.	19552
MsgDm2::NoAltSyncChangeWithHave	ES_DM2	112	E_FAILED	3	EV_USAGE	1	0	Cannot change client '%'altSync'%' option when have list is not empty.	19568
MsgDm2::StreamViewGenAtChangeSkip	ES_DM2	117	E_WARN	2	EV_NONE	0	2	Skipping stream view generation for %stream% at change %change%.	19573
MsgDm2::SparseStreamShareChangeNoUpdate	ES_DM2	118	E_FAILED	3	EV_USAGE	1	0	The change number in a sparse stream share path cannot be updated by editing the stream spec.  Use an integration command to update the change of a sparse stream share path.	19574
MsgDm2::DepotTraitDup	ES_DM2	121	E_FAILED	3	EV_CONTEXT	3	1	There is already a %'trait'% depot called '%depot%'.	19577
MsgDm2::SparseStreamCmdMustIncludeAll	ES_DM2	123	E_FAILED	3	EV_USAGE	1	2	Must include all files for %cmd% into sparse stream %stream%.	19579
MsgDm2::SparseStreamCmdMustIncludeAll2	ES_DM2	128	E_FAILED	3	EV_USAGE	1	2	Must include files along with stream spec for %cmd% into sparse stream %stream%.	19584
MsgDm2::SparseStreamCmdChangeSpecifierOnly	ES_DM2	124	E_FAILED	3	EV_USAGE	1	2	Source revision for %cmd% into sparse stream %stream% must be a changelist.	19580
MsgDm2::SparseStreamCopyOutOfDate	ES_DM2	125	E_FAILED	3	EV_USAGE	1	1	Sparse stream %sparseStream% must be fully up-to-date with parent before copy.	19581
MsgDm2::UnknownParam	ES_DM2	131	E_FAILED	3	EV_USAGE	1	1	Unknown parameter '%param%'!	19587
MsgServer::LbrMerge	ES_SERVER	6	E_FAILED	3	EV_FAULT	33	0	Librarian merge failed.	7174
MsgServer::LbrNoTrigger	ES_SERVER	390	E_FAILED	3	EV_ADMIN	35	1	No archive trigger defined for %lbrFile%.	7558
MsgServer::GotUnlocked	ES_SERVER	9	E_FAILED	3	EV_FAULT	33	1	%depotFile% became unlocked!	7177
MsgServer::GotLocked	ES_SERVER	10	E_FAILED	3	EV_FAULT	33	3	%depotFile% was just locked by %user% on %client%!	7178
MsgServer::NoInteg	ES_SERVER	11	E_FATAL	4	EV_FAULT	33	1	%depotFile% missing integration record!	7179
MsgServer::GotUnresolved	ES_SERVER	13	E_FATAL	4	EV_FAULT	33	1	%toFile% got unresolved!	7181
MsgServer::CantOpen	ES_SERVER	14	E_FATAL	4	EV_FAULT	33	2	%depotFile% - can't %action% file!	7182
MsgServer::NoDumpName	ES_SERVER	15	E_FAILED	3	EV_USAGE	1	0	Must specify dump file.	7183
MsgServer::NoCkptName	ES_SERVER	16	E_FAILED	3	EV_USAGE	1	0	Must specify checkpoint/journal files.	7184
MsgServer::BadJnlFlag	ES_SERVER	17	E_FAILED	3	EV_USAGE	1	0	Unknown journaling flag.  Try '%'c'%', '%'d'%', '%'j'%' or '%'r'%'.	7185
MsgServer::BadExtraFlag	ES_SERVER	18	E_FAILED	3	EV_USAGE	1	0	Unknown %'-x'% operation.  Try '%'f'%', '%'i'%', '%'u'%', '%'v'%', or '%'x'%'.	7186
MsgServer::ServerIDAlreadySet	ES_SERVER	568	E_FAILED	3	EV_USAGE	1	1	Server already has a server ID: %serverID%	7736
MsgServer::MustSetPassword	ES_SERVER	307	E_FAILED	3	EV_USAGE	1	0	Password must be set before access can be granted.	7475
MsgServer::MustSetPassword2	ES_SERVER	923	E_INFO	1	EV_NONE	0	1	Password must be set for user %user% before access can be granted.	8091
MsgServer::WeakPassword2	ES_SERVER	924	E_INFO	1	EV_NONE	0	1	User %user% password is too weak and must be reset.	8092
MsgServer::BadCommand	ES_SERVER	26	E_FAILED	3	EV_USAGE	1	0	Unknown command.  Try '%'p4 help'%' for info.	7194
MsgServer::Jobs982Win	ES_SERVER	33	E_FAILED	3	EV_UPGRADE	37	0	Must upgrade to %'98.2'% p4win to access jobs.	7201
MsgServer::No973Wingui	ES_SERVER	302	E_FAILED	3	EV_UPGRADE	37	0	Must upgrade past %'97.3'% p4win for this operation.	7470
MsgServer::AddDelete	ES_SERVER	35	E_FAILED	3	EV_USAGE	1	0	Can't add (%'-a'%) and delete (%'-d'%) at the same time.	7203
MsgServer::ZFlagsConflict	ES_SERVER	537	E_FAILED	3	EV_USAGE	1	0	Must not use both '%'z'%' and '%'Z'%' flags	7705
MsgServer::PasswordExpired2	ES_SERVER	926	E_INFO	1	EV_NONE	0	1	User %user% password has expired and must be reset.	8094
MsgServer::Login2Existing	ES_SERVER	893	E_INFO	1	EV_NONE	0	0	Multi factor authentication already approved.	8061
MsgServer::Login2Waiting	ES_SERVER	912	E_FAILED	3	EV_UNKNOWN	2	0	Multi factor authentication approval is pending.	8080
MsgServer::Login2Waiting2	ES_SERVER	913	E_WARN	2	EV_UNKNOWN	2	0	Multi factor authentication approval is pending. Retrying...	8081
MsgServer::Login2MethodUnknown	ES_SERVER	899	E_FAILED	3	EV_ILLEGAL	4	1	Unknown method '%method%'!	8067
MsgServer::Login2BadState	ES_SERVER	901	E_FAILED	3	EV_ILLEGAL	4	0	Bad state! Must be: list-methods, init-auth or check-auth.	8069
MsgServer::Login2BadState2	ES_SERVER	903	E_FAILED	3	EV_ILLEGAL	4	0	Cannot check status! Must init-auth first!	8071
MsgServer::Login2BadScheme	ES_SERVER	904	E_FAILED	3	EV_ILLEGAL	4	1	Unknown multi factor authentication scheme: %scheme%	8072
MsgServer::Login2PreApproved	ES_SERVER	914	E_INFO	1	EV_NONE	0	0	Multi factor authentication skipped and approved by auth-pre-2fa trigger.	8082
MsgServer::Login2ExtRejected	ES_SERVER	916	E_FAILED	3	EV_USAGE	1	0	Multi factor authentication rejected by auth-check-2fa trigger (external prompt).	8084
MsgServer::Login2ExtApproved	ES_SERVER	917	E_INFO	1	EV_NONE	0	0	Multi factor authentication approved by auth-check-2fa trigger (external prompt).	8085
MsgServer::Login2OtpRejected	ES_SERVER	918	E_FAILED	3	EV_USAGE	1	0	Multi factor authentication rejected by auth-check-2fa trigger (otp prompt).	8086
MsgServer::Login2OtpApproved	ES_SERVER	919	E_INFO	1	EV_NONE	0	0	Multi factor authentication approved by auth-check-2fa trigger (otp prompt).	8087
MsgServer::CantAuthenticate	ES_SERVER	334	E_FAILED	3	EV_ILLEGAL	4	1	Command unavailable: external authentication '%triggerType%' trigger not found.	7502
MsgServer::NoProxyAuth	ES_SERVER	369	E_FAILED	3	EV_ILLEGAL	4	1	Authentication from resolved port '%port%' not allowed!	7537
MsgServer::SubmitFailed	ES_SERVER	42	E_FAILED	3	EV_NOTYET	5	1	Submit failed -- fix problems above then use '%'p4 submit -c'% %change%'.	7210
MsgServer::SubmitShelvedFailed	ES_SERVER	641	E_FAILED	3	EV_NOTYET	5	1	Submit failed -- fix problems above then use '%'p4 submit -e'% %change%'.	7809
MsgServer::SubmitIsShelved	ES_SERVER	410	E_FAILED	3	EV_NOTYET	5	1	Change %change% has shelved files --  cannot submit.	7578
MsgServer::SubmitNeedsShelved	ES_SERVER	640	E_FAILED	3	EV_NOTYET	5	1	Change %change% does not have shelved files --  cannot submit.	7808
MsgServer::SubmitNoParallelThreads	ES_SERVER	797	E_FAILED	3	EV_NOTYET	5	1	Unable to launch parallel threads for change %change% --  cannot submit.	7965
MsgServer::SubmitNoParallelTarget	ES_SERVER	603	E_FAILED	3	EV_NOTYET	5	0	Parallel submit requires 'ExternalAddress' field in edge server spec to be set --  cannot submit.	7771
MsgServer::CouldntLock	ES_SERVER	43	E_FAILED	3	EV_NOTYET	5	0	File(s) couldn't be locked.	7211
MsgServer::LockedOnCommit	ES_SERVER	834	E_FAILED	3	EV_NOTYET	5	0	File(s) couldn't be locked because they are locked by a workspace on the Commit Server.	8002
MsgServer::MergesPending	ES_SERVER	44	E_FAILED	3	EV_NOTYET	5	0	Merges still pending -- use '%'resolve'%' to merge files.	7212
MsgServer::ResolveOrRevert	ES_SERVER	45	E_FAILED	3	EV_NOTYET	5	0	Out of date files must be resolved or reverted.	7213
MsgServer::CantRevertToPurged	ES_SERVER	501	E_FAILED	3	EV_NOTYET	5	1	%file% has been purged and cannot be reverted. Use '%'p4 revert -k'%' and then '%'p4 sync'%' to get a newer revision.	7669
MsgServer::NoSubmit	ES_SERVER	46	E_FAILED	3	EV_EMPTY	17	0	No files to submit.	7214
MsgServer::TriggerFailed	ES_SERVER	47	E_FAILED	3	EV_NOTYET	5	2	'%trigger%' validation failed: %result%	7215
MsgServer::TriggerUnexpected	ES_SERVER	889	E_FAILED	3	EV_NOTYET	5	0	Unexpected return code from trigger!	8057
MsgServer::TriggersFailed	ES_SERVER	48	E_FAILED	3	EV_NOTYET	5	1	Submit validation failed -- fix problems then use '%'p4 submit -c'% %change%'.	7216
MsgServer::SubmitAborted	ES_SERVER	49	E_FAILED	3	EV_NOTYET	5	1	Submit aborted -- fix problems then use '%'p4 submit -c'% %change%'.	7217
MsgServer::SubmitShelvedAborted	ES_SERVER	642	E_FAILED	3	EV_NOTYET	5	1	Submit aborted -- fix problems then use '%'p4 submit -e'% %change%'.	7810
MsgServer::IntegIsTask	ES_SERVER	631	E_FAILED	3	EV_USAGE	1	1	Target of integration '%stream%' requires an appropriate task stream client.	7799
MsgServer::NoDefaultSubmit	ES_SERVER	50	E_FAILED	3	EV_EMPTY	17	0	No files to submit from the default changelist.	7218
MsgServer::BadImport	ES_SERVER	354	E_FAILED	3	EV_CLIENT	34	2	Can't copy %depotFile%%depotRev% - revision has been purged!	7522
MsgServer::DigestMisMatch	ES_SERVER	465	E_FAILED	3	EV_CLIENT	34	3	%clientFile% corrupted during transfer %clientDigest% vs %serverDigest%	7633
MsgServer::SubmitDataChanged	ES_SERVER	324	E_FAILED	3	EV_EMPTY	17	0	Files newly opened or reverted during submission.	7492
MsgServer::SubmitTampered	ES_SERVER	342	E_FAILED	3	EV_NONE	0	1	%clientFile% tampered with after resolve - edit or revert.	7510
MsgServer::SnapReport	ES_SERVER	346	E_WARN	2	EV_NONE	0	0	This was report mode (%'-n'%),  no files were snapped (copied).	7514
MsgServer::LogEstimates	ES_SERVER	632	E_INFO	1	EV_NONE	0	5	Server network estimates: files added/updated/deleted=%filesAdded%/%filesUpdated%/%filesDeleted%, bytes added/updated=%bytesAdded%/%bytesUpdated%	7800
MsgServer::CreatingDb	ES_SERVER	340	E_INFO	1	EV_NONE	0	1	Perforce db files in '%root%' will be created if missing...	7508
MsgServer::AlreadyInitialized	ES_SERVER	744	E_FATAL	4	EV_NONE	0	0	Server Already Initialized.	7912
MsgServer::CounterNotNumeric	ES_SERVER	423	E_FAILED	3	EV_USAGE	1	1	Can't increment counter '%counterName%' - value is not numeric.	7591
MsgServer::KeyNotNumeric	ES_SERVER	629	E_FAILED	3	EV_USAGE	1	1	Can't increment key '%keyName%' - value is not numeric.	7797
MsgServer::DescribeShelved	ES_SERVER	409	E_INFO	1	EV_NONE	0	0	Shelved files ...\n	7577
MsgServer::InfoUnknownClient	ES_SERVER	137	E_INFO	1	EV_NONE	0	0	Client unknown.	7305
MsgServer::PasswordSave	ES_SERVER	121	E_INFO	1	EV_NONE	0	0	Password updated.	7289
MsgServer::ShelveBegin	ES_SERVER	401	E_INFO	1	EV_NONE	0	1	Shelving files for change %change%.	7569
MsgServer::NoDefaultShelve	ES_SERVER	402	E_FAILED	3	EV_EMPTY	17	0	No files to shelve from the default changelist.	7570
MsgServer::UnshelveNotOwner	ES_SERVER	404	E_FAILED	3	EV_ILLEGAL	4	1	Only user '%user%' can purge this shelved changelist.	7572
MsgServer::ShelveUnsubmitted	ES_SERVER	811	E_FAILED	3	EV_ILLEGAL	4	0	Shelved changelist was previously submitted. Specify -f to permanently delete this shelf.	7979
MsgServer::ShelveAborted	ES_SERVER	405	E_FAILED	3	EV_NOTYET	5	1	Shelve aborted -- fix problems then use '%'p4 shelve -c'% %change%'.	7573
MsgServer::NoShelve	ES_SERVER	406	E_FAILED	3	EV_EMPTY	17	0	No files to shelve.	7574
MsgServer::NoShelveDelete	ES_SERVER	411	E_FAILED	3	EV_EMPTY	17	0	No shelved files in changelist to delete.	7579
MsgServer::ShelveComplete	ES_SERVER	412	E_INFO	1	EV_NONE	0	1	%change% files shelved.	7580
MsgServer::ShelvePromoted	ES_SERVER	602	E_INFO	1	EV_NONE	0	1	%change% files promoted.	7770
MsgServer::UnshelveFileChanged	ES_SERVER	407	E_FAILED	3	EV_EMPTY	17	1	%depotFile% - warning: shelved file was modified during transfer!	7575
MsgServer::ShelveDelete	ES_SERVER	408	E_INFO	1	EV_NONE	0	2	Shelved change %change% [partially deleted, still contains %count% file(s).|deleted.]	7576
MsgServer::ShelveMaxSize	ES_SERVER	413	E_FAILED	3	EV_USAGE	1	2	%clientFile% size greater than shelve allows (max %maxFiles%).	7581
MsgServer::ShelveTriggersFailed	ES_SERVER	418	E_FAILED	3	EV_NOTYET	5	0	Shelve validation failed -- fix problems then try again.	7586
MsgServer::ShelveXOpen	ES_DM	430	E_INFO	1	EV_USAGE	1	1	%depotFile% - warning: shelve of +l file	6574
MsgServer::ChangesShelved	ES_SERVER	614	E_INFO	1	EV_USAGE	1	1	File(s) shelved in change %change%	7782
MsgServer::SpecCheckTriggers	ES_SERVER	350	E_INFO	1	EV_NONE	0	0	Error parsing form text; check form-out triggers?	7518
MsgServer::StreamBadType	ES_SERVER	740	E_FAILED	3	EV_NONE	0	1	Can't perform this operation on a %type% stream.	7908
MsgServer::SubmitLocking	ES_SERVER	125	E_INFO	1	EV_NONE	0	1	Locking %unlockedCount% files ...	7293
MsgServer::SubmitComplete	ES_SERVER	126	E_INFO	1	EV_NONE	0	1	%change% submitted.	7294
MsgServer::SubmitRenamed	ES_SERVER	127	E_INFO	1	EV_NONE	0	2	%change% renamed %newChange% and submitted.	7295
MsgServer::SubmitBegin	ES_SERVER	128	E_INFO	1	EV_NONE	0	1	Submitting change %change%.	7296
MsgServer::PopulateComplete	ES_SERVER	591	E_INFO	1	EV_NONE	0	2	%fileCount% files branched[ (change %change%)].	7759
MsgServer::ResolvePromptMerge	ES_SERVER	492	E_INFO	1	EV_NONE	0	1	am: %resolveAction%	7660
MsgServer::ResolvePromptTheirs	ES_SERVER	493	E_INFO	1	EV_NONE	0	1	at: %resolveAction%	7661
MsgServer::ResolvePromptType	ES_SERVER	494	E_INFO	1	EV_NONE	0	1	%resolveType%:	7662
MsgServer::ResolvePromptYours	ES_SERVER	495	E_INFO	1	EV_NONE	0	1	ay: %resolveAction%	7663
MsgServer::ResolvedSkipped	ES_SERVER	130	E_INFO	1	EV_NONE	0	1	%toFile% - resolve skipped.	7298
MsgServer::ResolveTampered	ES_SERVER	452	E_FAILED	3	EV_NONE	0	1	%clientFile% tampered with before resolve - edit or revert.	7620
MsgServer::MonitorNoLockinfo	ES_SERVER	677	E_FAILED	3	EV_USAGE	1	0	Lock information is not currently available. Configure the monitor.lsof or monitor value to enable collection and display of lock information.	7845
MsgServer::NoMonitorForCommand	ES_SERVER	939	E_FAILED	3	EV_ADMIN	35	0	Monitor must be enabled to run this command.	8107
MsgServer::LockLocalError	ES_SERVER	846	E_FAILED	3	EV_NOTYET	5	0	File(s) not locked globally due to errors locking locally.	8014
MsgServer::LockGlobalError	ES_SERVER	847	E_FAILED	3	EV_NOTYET	5	0	Failed to lock files globally.	8015
MsgServer::UnlockGlobalError	ES_SERVER	849	E_FAILED	3	EV_NOTYET	5	0	Failed to unlock files globally.	8017
MsgServer::DomainIsLocal	ES_SERVER	673	E_FAILED	3	EV_USAGE	1	2	%objectType% '%objectName%' is already bound to this server, transfer from remote server is not needed.	7841
MsgServer::NotACommitServer	ES_SERVER	655	E_FAILED	3	EV_FAULT	33	1	Edge Server submit from '%client%' is refused. This server has not been configured as a Commit Server, and will not accept such requests. To accept such requests, please use the '%'p4 server'%' and '%'p4 serverid'%' commands to configure the Commit Server behaviors.	7823
MsgServer::ReplicaBadOption	ES_SERVER	422	E_FAILED	3	EV_FAULT	33	0	Unknown Replica Option.	7590
MsgServer::UnknownReplicationMode	ES_SERVER	468	E_FAILED	3	EV_FAULT	33	1	Unknown replication mode '%mode%'.	7636
MsgServer::UnknownReplicationTarget	ES_SERVER	470	E_FAILED	3	EV_FAULT	33	1	Unknown replication target '%target%'.	7638
MsgServer::BFNoOverwriteLocal	ES_SERVER	622	E_FAILED	3	EV_FAULT	33	5	Replica name conflict: Globally-defined object %domainName% of type %domainType% would overwrite locally-defined object %localName% of type %localType%, which is bound to server %serverId%. Replication has been halted for this replica. To resume replication, the locally-defined object must be deleted (e.g., '%'p4 client -d'%' to delete a Build Farm Client).	7790
MsgServer::NoTicketSupport	ES_SERVER	331	E_WARN	2	EV_USAGE	1	0	Must upgrade to %'2004.2 p4'% to access tickets.	7499
MsgServer::AdminNoSpecDepot	ES_SERVER	353	E_FAILED	3	EV_ADMIN	35	0	Can't create forms - no '%'spec'%' depot found.	7521
MsgServer::AdminLdapNoneSet	ES_SERVER	781	E_FAILED	3	EV_EMPTY	17	0	No users were updated.	7949
MsgServer::AdminNothingLocked	ES_SERVER	366	E_INFO	1	EV_ADMIN	35	0	No tables locked.	7534
MsgServer::ActionResolve111	ES_SERVER	498	E_WARN	2	EV_UPGRADE	37	2	%localFile% - upgrade to a %'2011.1'% or later client to perform an interactive %resolveType% resolve, or use %'resolve -a'%.	7666
MsgServer::PullNeedsBatch	ES_SERVER	929	E_FAILED	3	EV_USAGE	1	0	Pull needs --batch > 1 for --min-size, --max-size and --trigger.	8097
MsgServer::PullNeedsU	ES_SERVER	930	E_FAILED	3	EV_USAGE	1	0	Pull --min-size, --max-size and --trigger are only supported with the -u option	8098
MsgServer::CommandRunning	ES_SERVER	678	E_FAILED	3	EV_USAGE	1	1	A %cmd% command is already running in this server.	7846
MsgServer::JournalCopyBadJnlState	ES_SERVER	718	E_FAILED	3	EV_ADMIN	35	0	This command must be used with a standby replica.	7886
MsgServer::PullTransferChange	ES_SERVER	716	E_INFO	1	EV_NONE	0	1	Oldest change with at least one pending file transfer: %change%.	7884
MsgServer::CacheAlreadyPurged	ES_SERVER	706	E_INFO	1	EV_NONE	0	2	Cached content of %file% %rev% has already been purged.	7874
MsgServer::NotStreamOwner	ES_SERVER	473	E_FAILED	3	EV_USAGE	1	2	Currently only user '%user%' can submit to stream '%stream%'.	7641
MsgServer::VersionedStream	ES_SERVER	599	E_FAILED	3	EV_USAGE	1	1	Can't submit from a noncurrent stream client '%stream%'.	7767
MsgServer::AttrNoPropEdge	ES_SERVER	601	E_FAILED	3	EV_USAGE	1	0	Cannot add or change propagating attributes on pending files from an edge server.	7769
MsgServer::InvalidStartupCommand	ES_SERVER	448	E_FAILED	3	EV_ADMIN	35	1	Startup command '%cmd%' is unknown or invalid.	7616
MsgServer::JournalFilterBad	ES_SERVER	647	E_FAILED	3	EV_USAGE	1	0	%'-P'% Server must exist and filters if present must take the form: %'[ic:|xc:|if:|xf:]//'%pattern	7815
MsgServer::CopyWrongDirection	ES_SERVER	520	E_FAILED	3	EV_USAGE	1	1	Stream %stream% needs '%'merge'%' not '%'copy'%' in this direction.	7688
MsgServer::CopyDoNothing	ES_SERVER	521	E_FAILED	3	EV_USAGE	1	1	Stream %stream% not configured to '%'copy'%' or '%'merge'%' changes in this direction.	7689
MsgServer::CopyNeedsMergeFirst	ES_SERVER	522	E_FAILED	3	EV_USAGE	1	1	Stream %stream% cannot '%'copy'%' over outstanding '%'merge'%' changes.	7690
MsgServer::MergeWrongDirection	ES_SERVER	526	E_FAILED	3	EV_USAGE	1	1	Stream %stream% needs '%'copy'%' not '%'merge'%' in this direction.	7694
MsgServer::NoReparentingTask	ES_SERVER	654	E_FAILED	3	EV_USAGE	1	1	Stream %stream% is a task stream and therefore cannot '%'merge'%' or '%'copy'%' to/from streams other than its parent.	7822
MsgServer::CantUnloadLocked	ES_SERVER	630	E_FAILED	3	EV_USAGE	1	2	Specify the '%'-L'%' flag in order to unload locked %domainType% %domainName%.	7798
MsgServer::CantUnloadReadOnly	ES_SERVER	830	E_FAILED	3	EV_USAGE	1	1	Can't unload partitioned client %domainName%.	7998
MsgServer::BoundClientExists	ES_SERVER	580	E_FAILED	3	EV_USAGE	1	1	Client %client% already exists.	7748
MsgServer::RemoteClientExists	ES_SERVER	783	E_FAILED	3	EV_USAGE	1	1	Client %client% appears to be a valid client on this server. The 'unlock -r' command should only be used to unlock files left locked by a failed push from a remote server, or from a failed unlock or submit from an edge server.	7951
MsgServer::NewUserExists	ES_SERVER	702	E_FAILED	3	EV_USAGE	1	1	User %user% already exists.	7870
MsgServer::NewUserHasDomains	ES_SERVER	711	E_FAILED	3	EV_USAGE	1	1	User %user% has already created workspaces, labels, or other spec objects in this server.	7879
MsgServer::NewUserHasChanges	ES_SERVER	712	E_FAILED	3	EV_USAGE	1	1	User %user% has already created changelists in this server.	7880
MsgServer::DontRenameSelf	ES_SERVER	703	E_FAILED	3	EV_USAGE	1	1	User %user% is the current user, and cannot be renamed.	7871
MsgServer::UserRenamed	ES_SERVER	710	E_INFO	1	EV_NONE	0	2	User %oldUser% renamed to %newUser%.	7878
MsgServer::BoundClientServerID	ES_SERVER	581	E_FAILED	3	EV_USAGE	1	0	Bound client must be created on a server with a fixed identity.	7749
MsgServer::ChangeNotSubmitted	ES_SERVER	657	E_FAILED	3	EV_USAGE	1	1	Change %changeNum% is not a submitted change.	7825
MsgServer::TemporaryLabelInfo	ES_SERVER	588	E_INFO	1	EV_NONE	0	2	Temporary label '%label%' updated %count% total file(s).	7756
MsgServer::BadTriggerOutput	ES_SERVER	675	E_FAILED	3	EV_ADMIN	35	2	A server-side trigger ('%trigger%') produced indecipherable output (%type%)	7843
MsgServer::LdapMustBeEnabled	ES_SERVER	794	E_FAILED	3	EV_ILLEGAL	4	0	LDAP authentication must be enabled to perform this operation.	7962
MsgServer::LdapSyncUserUpdate	ES_SERVER	874	E_INFO	1	EV_NONE	0	5	User %user% updated from '%oldName%' (%oldEmail%) to '%newName%' (%newEmail%)	8042
MsgServer::SwitchFilesOpen	ES_SERVER	756	E_FAILED	3	EV_USAGE	1	0	Can't switch while files are open in a numbered changelist; '%'p4 revert'%' files or '%'p4 reopen'%' files into the default changelist	7924
MsgServer::SwitchBranchExists	ES_SERVER	757	E_FAILED	3	EV_USAGE	1	1	Stream '%name%' exists already, cannot use this stream name.	7925
MsgServer::SwitchNotEmpty	ES_SERVER	760	E_FAILED	3	EV_USAGE	1	0	Already initialized.	7928
MsgServer::SwitchFilesUnresolved	ES_SERVER	801	E_FAILED	3	EV_USAGE	1	0	Can't switch (-r) while files are unresolved; '%'p4 resolve'%' files or use '%'p4 switch'%' without the (-r) option.	7969
MsgServer::PushTriggersFailed	ES_SERVER	815	E_FAILED	3	EV_NONE	0	1	Trigger execution failed -- fix problems then retry the operation.	7983
MsgServer::PushCounters	ES_SERVER	861	E_INFO	1	EV_NONE	0	5	Import statistics: dataset=%dataset% results=%results% revisions=%revisions% integrations=%integrations% archives=%archives%	8029
MsgServer::ConflictingChange	ES_SERVER	766	E_INFO	1	EV_NONE	0	5	Conflict: %change% on %date% by %user%@%client% %description%	7934
MsgServer::CannotResubmitNotUnshelved	ES_SERVER	800	E_FAILED	3	EV_USAGE	1	1	Can't resume the resubmit of change %change%. It appears that no prior resubmit was in progress for this change. Use 'resubmit -e' to initiate the resubmit of this change.	7968
MsgServer::CannotResubmitOpened	ES_SERVER	795	E_FAILED	3	EV_USAGE	1	0	Can't resubmit while files are open. If the open files are from a suspended resubmit, and the changes are fully resolved, include the -R flag to resume the resubmit by submitting the resolved change from the opened files.	7963
MsgServer::CannotResubmitChange	ES_SERVER	796	E_FAILED	3	EV_USAGE	1	4	Can't resume resubmit, %depotFile%%depotRev% is open in change %workingChange%, not %unsubmittedChange%.	7964
MsgServer::ResolveUnsubmitted	ES_SERVER	767	E_FAILED	3	EV_USAGE	1	0	Push is not allowed with unsubmitted changes pending. Use the resubmit command to resolve merge conflicts and resubmit or delete all unsubmitted changes prior to initiating a push operation.	7935
MsgServer::SubmitUnsubmitted	ES_SERVER	869	E_FAILED	3	EV_USAGE	1	0	Submit is not allowed with unsubmitted changes pending. Use the resubmit command to resolve merge conflicts and resubmit or delete all unsubmitted changes prior to initiating a submit operation.	8037
MsgServer::UnsubmittedChanges	ES_SERVER	768	E_INFO	1	EV_NONE	0	0	Unsubmitted changes:	7936
MsgServer::ResubmitHalted	ES_SERVER	763	E_FAILED	3	EV_CONTEXT	3	0	Resubmit halted. Correct the problems and rerun resubmit.	7931
MsgServer::PushHadConflict	ES_SERVER	786	E_INFO	1	EV_NONE	0	0	Cannot push changes.\nYou must fetch changes from the remote server first, using the %'fetch -t'% command.	7954
MsgServer::FetchDidUnsubmit	ES_SERVER	790	E_INFO	1	EV_NONE	0	0	One or more changes were unsubmitted to allow remote changes to be fetched. Each unsubmitted change was shelved in a pending changelist. Run the resubmit command to resolve and resubmit these changes in chronological order.	7958
MsgServer::FetchNeedsResubmit	ES_SERVER	804	E_INFO	1	EV_NONE	0	0	Run '%'p4 resubmit'%' to resolve and resubmit conflicting change(s).	7972
MsgServer::CannotFetchOpened	ES_SERVER	805	E_FAILED	3	EV_USAGE	1	0	Can't fetch while files are open. Revert or submit the files first, then run fetch.	7973
MsgServer::ResolveThenResume	ES_SERVER	806	E_INFO	1	EV_NONE	0	0	After resolving merge conflicts, run resubmit with the '-R' flag to resume the resubmit process.	7974
MsgServer::ReviewThenResume	ES_SERVER	833	E_INFO	1	EV_NONE	0	1	%change% unshelved and resolved. After reviewing the change, run resubmit with the '-R' flag to resume the resubmit process.	8001
MsgServer::JournalRotationFail	ES_SERVER	818	E_FATAL	4	EV_FAULT	33	1	Fatal journal processing error! Journal data was written beyond the journal rotation point. Replica synchronization may be broken. Please contact Perforce Technical Support for assistance. Incorrect journal data is: %jnlRecord%.	7986
MsgServer::JournalFalseEOF	ES_SERVER	819	E_FATAL	4	EV_FAULT	33	7	Fatal journal processing error! Rotated journal %jfile% was not terminated correctly. Replica synchronization may be broken. Check for an out of disk space condition. Please contact Perforce Technical Support for assistance. useLEOF: %useLEOF%; currentSize: %currentSize%; currentTell: %currentTell%; sz: %sz%; jnum: %jnum%; currentJournal: %currentJournal%	7987
MsgServer::AddressMismatch	ES_SERVER	821	E_FAILED	3	EV_FAULT	33	2	Client address mismatch %ipaddr% vs %peeraddr%	7989
MsgServer::ClientRejected	ES_SERVER	943	E_FAILED	3	EV_USAGE	1	1	Your application '%app%' has been blocked from the server, please contact your administrator.	8111
MsgServer::OpenNotDVCSLocal	ES_SERVER	863	E_FAILED	3	EV_USAGE	1	0	The %'--remote'% flag is only available on a server created by the %'p4 clone'% or %'p4 init'% commands.	8031
MsgServer::ServerIDIdentity	ES_SERVER	865	E_FAILED	3	EV_ADMIN	35	0	The change could not be submitted, because this server has no serverid, but the %'submit.identity=serverid'% configuration requires that a serverid be used.	8033
MsgServer::ClientTooOldToSkipXfer	ES_SERVER	867	E_FAILED	3	EV_USAGE	1	0	You must use newer client software in order to enable bypass of file transfers.	8035
MsgServer::NoTriggerDir	ES_SERVER	887	E_FATAL	4	EV_UNKNOWN	2	0	pull --trigger requires config 'pull.trigger.dir'	8055
MsgServer::NoPullTrigger	ES_SERVER	888	E_FATAL	4	EV_UNKNOWN	2	0	pull --trigger requires a 'pull' trigger to be configured	8056
MsgServer::TriggerNameNotFound	ES_SERVER	934	E_FAILED	3	EV_UNKNOWN	2	0	No trigger of type '%type%' named '%trigger%' found.	8102
MsgServer::UserPrevRevertFile	ES_SERVER	947	E_INFO	1	EV_NONE	0	3	File '%file%' on client '%client%' opened by '%user%' reverted	8115
MsgServer::UserPrevChangeJob	ES_SERVER	948	E_INFO	1	EV_NONE	0	2	Pending %type% %num% deleted	8116
MsgServer::UserPrevClientFile	ES_SERVER	949	E_INFO	1	EV_NONE	0	1	Client %client% has file opened by other users, not deleted.	8117
MsgServer::FailoverQuiescing	ES_SERVER	965	E_INFO	1	EV_NONE	0	0	Giving commands already running time to complete ...	8133
MsgServer::FailoverVerifyFiles	ES_SERVER	968	E_INFO	1	EV_NONE	0	0	Verifying content of recently updated archive files ...	8136
MsgServer::FailoverIDRequired	ES_SERVER	974	E_FAILED	3	EV_USAGE	1	0	Server ID must be specified in the '-s' or '--serverid' argument for a failover without the participation of the server from which failover is occurring.	8142
MsgServer::FailoverNeedThread	ES_SERVER	981	E_FATAL	4	EV_ADMIN	35	2	This %failover% requires that '%thread%' must be running.	8149
MsgServer::FailoverBeyondLEOF	ES_SERVER	1001	E_WARN	2	EV_ADMIN	35	5	This failed %failover% has likely applied journalcopy'd transactions beyond the LEOF. After resolving the issues that caused this %failover% to fail, this standby server can be used to complete the %failover%. But if another standby server is instead used to complete the %failover%, this standby server should be rebuilt since its metadata could be inconsistent with the server to which %failover% occurred.	8169
MsgServer::FailoverUnlicensed	ES_SERVER	1005	E_FATAL	4	EV_ADMIN	35	0	This server is unlicensed; failing over to this server requires that it must be licensed.	8173
MsgServer::FailoverUsersLic	ES_SERVER	1006	E_FATAL	4	EV_ADMIN	35	2	This server is licensed for %licensedusers% users; failing over to this server requires that it must be licensed for at least the %usercount% users defined.	8174
MsgServer::FailoverClientsLic	ES_SERVER	1007	E_FATAL	4	EV_ADMIN	35	2	This server is licensed for %licensedclients% clients; failing over to this server requires that it must be licensed for at least the %clientcount% clients defined.	8175
MsgServer::FailoverBadLicense	ES_SERVER	1008	E_FATAL	4	EV_ADMIN	35	1	Problems with this server's license must be resolved for a successful %failover%.	8176
MsgServer::FailoverXferPending	ES_SERVER	1003	E_WARN	2	EV_ADMIN	35	0	The above listed archive file content transfers are pending. Pending transfers might be completed by a '%'pull -u'%' in this standby server.	8171
MsgServer::CreateSampleExtSuccess	ES_SERVER	958	E_INFO	1	EV_NONE	0	0	Extension template created in the '%dir%' directory.	8126
MsgServer::DirectoryExists	ES_SERVER	959	E_FAILED	3	EV_NONE	0	0	Directory already exists.	8127
MsgServer::FileExists	ES_SERVER	983	E_FAILED	3	EV_NONE	0	1	File '%file%' already exists.	8151
MsgServer::FilesNotFound	ES_SERVER	985	E_FAILED	3	EV_NONE	0	0	No files found under the input directory.	8153
MsgServer::ExtCfgNoNameCfg	ES_SERVER	990	E_FAILED	3	EV_USAGE	1	0	Extension config must supply name/config.	8158
MsgServer::ExtensionDuplicate	ES_SERVER	997	E_FAILED	3	EV_NONE	0	6	Extension: UUID '%uuid%', name '%namespc%%delimiter%%ext1%', Version '%version%' already exists in '%ext2%'.	8165
MsgServer::SeedAlreadyScheduled	ES_SERVER	1014	E_FAILED	3	EV_NONE	0	0	Another seed is already scheduled!	8182
MsgServer::SeedCreated	ES_SERVER	1011	E_INFO	1	EV_NONE	0	3	Seed journal for server '%server%' created as '%seed%'[ and written to '%out%'].	8179
MsgServer::SubmitShelvedHasTask	ES_SERVER	646	E_FAILED	3	EV_NOTYET	5	1	Client %client% is a task stream client --  cannot submit shelved change.	7814
MsgServer::ReopenNotOwnerCL	ES_SERVER	676	E_FAILED	3	EV_USAGE	1	4	%depotFile%%haveRev% already open on client '%client%' in %change% - not reopened.	7844
MsgServer::PullCommandRunning	ES_SERVER	656	E_FAILED	3	EV_USAGE	1	0	A pull command is already running in this server.	7824
MsgServer::JcopyCommandRunning	ES_SERVER	737	E_FAILED	3	EV_USAGE	1	0	A journalcopy command is already running in this server.	7905
MsgServer::NoValidLicense	ES_SERVER	58	E_FAILED	3	EV_ADMIN	35	0	Must shutdown unlicensed server to add license.	7226
MsgServer2::StgKeyMiss	ES_SERVER2	4	E_INFO	1	EV_NONE	0	1	Can't find key %key% in the checkmap.	18436
MsgServer2::StorageUpgradeInProgress	ES_SERVER2	9	E_FAILED	3	EV_NONE	0	0	A storage upgrade is already in progress	18441
MsgServer2::StorageEdgeFailure	ES_SERVER2	10	E_FAILED	3	EV_FAULT	33	2	Upgrade storage for Edge server failed, file %file% change %change%.	18442
MsgServer2::SubmitNoBgXferTarget	ES_SERVER2	12	E_FAILED	3	EV_NOTYET	5	0	Background archive transfer requires 'ExternalAddress' field in edge server spec to be set --  cannot submit.	18444
MsgServer2::SubmitBgXferNoConfig	ES_SERVER2	13	E_FAILED	3	EV_NOTYET	5	0	Background archive transfer requires submit.allowbgtransfer configurable to be set --  cannot submit.	18445
MsgServer2::SubmitBgNotEdge	ES_SERVER2	129	E_INFO	1	EV_NOTYET	5	0	Background archive transfer is supported only from edge servers.\nProceeding with default submit archive transfer.	18561
MsgServer2::SubmitBgNotConfigured	ES_SERVER2	130	E_INFO	1	EV_NOTYET	5	0	Background archive transfer requires submit.allowbgtransfer configurable to be set.\nProceeding with default submit archive transfer.	18562
MsgServer2::SubmitNoBackgroundThreads	ES_SERVER2	15	E_FAILED	3	EV_NOTYET	5	1	Unable to launch background threads for change %change% --  cannot submit.	18447
MsgServer2::StorageRestoreDigest	ES_SERVER2	18	E_INFO	1	EV_NONE	0	2	Warning: A file with a different digest value already exists for %file% %rev% - skipping archive.	18450
MsgServer2::JournalRequired	ES_SERVER2	19	E_FAILED	3	EV_ADMIN	35	0	Cannot perform upgrades: journal is disabled! Upgrades produce data that must be written to the journal to be replicated!	18451
MsgServer2::NoShelvedStreamDelete	ES_SERVER2	21	E_FAILED	3	EV_EMPTY	17	0	No shelved stream in changelist to remove.	18453
MsgServer2::DescribeShelvedStream	ES_SERVER2	22	E_INFO	1	EV_NONE	0	0	Shelved stream specification: %stream%\n	18454
MsgServer2::ShelveDeleteJustFiles	ES_SERVER2	23	E_INFO	1	EV_NONE	0	2	Shelved change %change% partially deleted, still contains stream %stream%.	18455
MsgServer2::ShelveCompleteStream	ES_SERVER2	35	E_INFO	1	EV_NONE	0	1	%change% stream shelved.	18467
MsgServer2::ShelveCompleteBoth	ES_SERVER2	36	E_INFO	1	EV_NONE	0	1	%change% files and stream shelved.	18468
MsgServer2::NoStreamFieldsResolve	ES_SERVER2	31	E_WARN	2	EV_EMPTY	17	0	No stream fields to resolve.	18463
MsgServer2::NoStreamDefaultShelve	ES_SERVER2	37	E_FAILED	3	EV_EMPTY	17	0	No stream spec to shelve from the default changelist.	18469
MsgServer2::NoStreamShelve	ES_SERVER2	38	E_FAILED	3	EV_EMPTY	17	0	No stream spec to shelve.	18470
MsgServer2::ShelveStreamBegin	ES_SERVER2	39	E_INFO	1	EV_NONE	0	1	Shelving stream spec for change %change%.	18471
MsgServer2::StreamShelfOccupied	ES_SERVER2	40	E_FAILED	3	EV_NOTYET	5	3	Change %change% already contains the stream spec for %shelvedstream%.\n%curstream% cannot be shelved with this change.\nRemove %shelvedstream% from shelf and try again.	18472
MsgServer2::FailoverServerIDBad	ES_SERVER2	50	E_FAILED	3	EV_ADMIN	35	0	Failover has occurred from this server, and the server ID must be changed. Use '%'p4d -xD'%' to change the server ID.	18482
MsgServer2::FailoverMasterTooOld	ES_SERVER2	83	E_FAILED	3	EV_USAGE	1	0	Server from which failover is to occur must be at version 2018.2 or above to participate in failover.	18515
MsgServer2::FailoverFBackOldWarn	ES_SERVER2	175	E_WARN	2	EV_ADMIN	35	0	The server from which failover is to occur must be at version 2022.1 or above in order to run failback after this failover.\nThat server must be upgraded, and '%'failbackconfigs'%' must be copied to its %'$P4ROOT'% as '%'failoverconfigs'%' prior to running '%'p4d -Fm'%' to prepare it for failback.	18607
MsgServer2::FailbackMasterTooOld	ES_SERVER2	197	E_FAILED	3	EV_USAGE	1	0	Server from which failback is to occur must be at version 22.1 or above to participate in failback.	18629
MsgServer2::FailbackStandbyNotRestricted	ES_SERVER2	200	E_FAILED	3	EV_ADMIN	35	0	Failback must be run from a restricted standby server. Use the 'p4d -Fm' command to create a restricted standby that will be ready for failback.	18632
MsgServer2::ExtensionPostInstallMsg	ES_SERVER2	52	E_INFO	1	EV_NONE	0	4	Perform the following steps to turn on the Extension:\n\n# Create a global configuration if one doesn't already exist.\np4 extension --configure %extension%\n\n# Create an instance configuration to enable the Extension.\np4 extension --configure %extension% --name %extension%-instanceName\n\nFor more information, visit:\nhttps://www.perforce.com/manuals/v%serverversion%/extensions/Content/Extensions/Home-extensions.html\n	18484
MsgServer2::StreamShelfReadOnly	ES_SERVER2	53	E_FAILED	3	EV_NOTYET	5	4	Stream spec %stream% is shelved in change %change% and is not open.\nThe stream field in this change spec is read only and cannot be\nchanged until the stream is removed from the shelf.\nSwitch your client to %stream%, then use 'p4 shelve -d -As %change%'\nto remove the stream from shelf.	18485
MsgServer2::LbrScanBadDepot	ES_SERVER2	57	E_FAILED	3	EV_NONE	0	0	The depot path argument must start with \"//\" and end with \"/...\"	18489
MsgServer2::LbrScanPathInUse	ES_SERVER2	58	E_FAILED	3	EV_NONE	0	1	A scan is already active on that librarian path (%lpath%).	18490
MsgServer2::StringTooLarge	ES_SERVER2	86	E_FAILED	3	EV_NONE	0	1	The string is too large, must be smaller than %maxsize%.	18518
MsgServer2::UpdatedLbrType	ES_SERVER2	77	E_INFO	1	EV_NONE	0	0	The lbrType is updated successfully	18509
MsgServer2::HeartbeatNoTarget	ES_SERVER2	89	E_FAILED	3	EV_USAGE	1	0	Target must be specified by either '-t<target>' or P4TARGET must be set.	18521
MsgServer2::HeartbeatTargetTooOld	ES_SERVER2	112	E_FAILED	3	EV_USAGE	1	1	Heartbeat target server %target% must be at version 2020.1 or above.	18544
MsgServer2::DuplicateCertificate	ES_SERVER2	97	E_FAILED	3	EV_NONE	0	2	Certificate for '%orgcommon%' with fingerprint '%fp%' already installed in trusted list.	18529
MsgServer2::ExtensionNotSigned	ES_SERVER2	103	E_FAILED	3	EV_NONE	0	0	Installation failure: extension package must be signed but is missing required signature file or certificate file to validate authenticity.	18535
MsgServer2::StreamSpecIntegPend	ES_SERVER2	106	E_WARN	2	EV_EMPTY	17	0	All stream spec revision(s) already integrated in pending changelist.	18538
MsgServer2::StreamSpecInteg	ES_SERVER2	107	E_WARN	2	EV_EMPTY	17	0	All stream spec revision(s) already integrated.	18539
MsgServer2::ShelvePromotedStream	ES_SERVER2	111	E_INFO	1	EV_NONE	0	1	%change% stream promoted.	18543
MsgServer2::ShelvePromotedBoth	ES_SERVER2	110	E_INFO	1	EV_NONE	0	1	%change% files and stream promoted.	18542
MsgServer2::UpgradeRplUnknown	ES_SERVER2	127	E_FAILED	3	EV_NONE	0	0	Upstream servers must be upgraded to at least 2020.2 to report this information.	18559
MsgServer2::StreamHasParentView	ES_SERVER2	134	E_INFO	1	EV_NONE	0	2	Stream spec %stream% already has a ParentView property value of %parentView%.	18566
MsgServer2::StreamPVSpecOpen	ES_SERVER2	136	E_FAILED	3	EV_USAGE	1	1	Stream spec %stream% is open.  To convert the ParentView property the stream spec must not be open.	18568
MsgServer2::UpdateDigestReport	ES_SERVER2	137	E_INFO	1	EV_NONE	0	2	Storage digest update complete. Records read: %reads% Records updated: %updates%.	18569
MsgServer2::UpdateDigestProgress	ES_SERVER2	138	E_INFO	1	EV_NONE	0	2	Storage digest update. Records read: %reads% Records updated: %updates%.	18570
MsgServer2::SSInhPVIntegNotDone	ES_SERVER2	140	E_FAILED	3	EV_ADMIN	35	1	The stream spec %stream% has an inherit ParentView and cannot be integrated.  The configurable dm.integ.streamspec must be 2 to integrate a stream spec with an inherit ParentView.	18572
MsgServer2::SSIntegNotCurStream	ES_SERVER2	142	E_FAILED	3	EV_USAGE	1	2	The target stream of a stream spec integration must be the stream associated with the current client. The specified target stream is %targetStream%, but the current stream is %currentStream%.  Stream spec integration failed.	18574
MsgServer2::NoUnshelveVirtIntoNoInh	ES_SERVER2	144	E_FAILED	3	EV_ILLEGAL	4	0	Can't unshelve a virtual stream spec into a stream spec with a noinherit ParentView.	18576
MsgServer2::NoUnshelveNoInhIntoVirt	ES_SERVER2	145	E_FAILED	3	EV_ILLEGAL	4	0	Can't unshelve a stream spec with a noinherit ParentView into a virtual stream spec.	18577
MsgServer2::MoveReaddIntegConflictResolveWarn	ES_SERVER2	152	E_WARN	2	EV_NONE	0	6	Warning: %fromFile%%endFromRev% was added after a move of the previous version.\nThe move resolve of %clientFile% was ignored.\nAccepting branch resolve (at) from %fromFile%%endFromRev% will overwrite workspace file %clientFile%.	18584
MsgServer2::ShelveArchiveInUse	ES_SERVER2	153	E_FAILED	3	EV_UNKNOWN	2	2	Archive for shelved file %depotFile%@%change% is already in use and differs!	18585
MsgServer2::ShelveDupDiff	ES_SERVER2	154	E_FAILED	3	EV_UNKNOWN	2	10	Shelved archive file %lbrFile1%/%lbrRev1%/%lbrType1% (%size1% %hash1%) differs from %lbrFile2%/%lbrRev2%/%lbrType2% (%size2% %hash2%). Skipping any further cleanup.	18586
MsgServer2::ShelveNotPromoted	ES_SERVER2	155	E_FAILED	3	EV_UNKNOWN	2	1	%change% does not contain promoted shelved files.	18587
MsgServer2::VerifyRepairKtext	ES_SERVER2	158	E_WARN	2	EV_UNKNOWN	2	0	Cannot find shelved archives for ktext files by digest. Skipping.	18590
MsgServer2::VerifyRepairNone	ES_SERVER2	159	E_WARN	2	EV_UNKNOWN	2	0	No suitable shelved archive found.	18591
MsgServer2::VerifyRepairConflict	ES_SERVER2	160	E_WARN	2	EV_UNKNOWN	2	2	Cannot copy shelved archive %foundLbr%. Target file %targetLbr% already exists.	18592
MsgServer2::VerifyRepairCopied	ES_SERVER2	162	E_INFO	1	EV_NONE	0	2	Copying shelved archive %foundLbr% to %targetLbr%.	18594
MsgServer2::MovePairSplit	ES_SERVER2	166	E_FAILED	3	EV_NOTYET	5	0	Cannot submit half of a moved file pair.	18598
MsgServer2::IntegTaskNoDirect	ES_SERVER2	192	E_FAILED	3	EV_USAGE	1	0	The direct integration option cannot be used with a target task stream.	18624
MsgServer2::BadPxcExtraFlag	ES_SERVER2	194	E_FAILED	3	EV_USAGE	1	0	Unknown %'-x'% operation.  Try '%'D'%'.	18626
MsgServer2::ThreadBiggerMinusTwo	ES_SERVER2	203	E_FAILED	3	EV_USAGE	1	1	Thread count must be zero or greater. '%arg%'.	18635
MsgServer2::NoDirPDump	ES_SERVER2	205	E_FAILED	3	EV_ADMIN	35	1	The target directory %dir% must not pre-exist.	18637
MsgServer2::BadJournalSubOpt	ES_SERVER2	206	E_FAILED	3	EV_ADMIN	35	0	Unsupported suboption to -j. Must be -jc[s|p|pm], -jd[s|p|ps|pm], -jr[p|F|c|pF|pc], -jv[v|p|pv].	18638
MsgServer2::LicenseExpiryWarning	ES_SERVER2	207	E_WARN	2	EV_ADMIN	35	1	Your license is due to expire on %expiry_date%; please contact sales@perforce.com to obtain an updated license file to avoid downtime.	18639
MsgServer2::UpgradeFeatureUnknown	ES_SERVER2	210	E_FAILED	3	EV_NONE	0	1	Upstream servers must be upgraded to at least %version% to use this feature.	18642
MsgServer2::SyncWStreamViewChange	ES_SERVER2	218	E_INFO	1	EV_NONE	0	2	Stream client view derived from stream spec version at or before change %change% for stream %stream%.	18650
MsgServer2::FromToSame	ES_SERVER2	222	E_FAILED	3	EV_USAGE	1	1	Client %client% cannot be renamed to itself.	18654
MsgServer2::NewClientExists	ES_SERVER2	224	E_FAILED	3	EV_USAGE	1	1	Client %client% already exists.	18656
MsgServer2::RenameClientUnloaded	ES_SERVER2	225	E_FAILED	3	EV_USAGE	1	0	Unloaded client cannot be renamed.	18657
MsgServer2::RenameClientPartitioned	ES_SERVER2	226	E_FAILED	3	EV_USAGE	1	0	Partitioned or readonly clients cannot be renamed.	18658
MsgServer2::ClientOpenStream	ES_SERVER2	227	E_FAILED	3	EV_USAGE	1	0	Client with open stream cannot be renamed.	18659
MsgServer2::RenameNeedsMaster	ES_SERVER2	228	E_FAILED	3	EV_USAGE	1	2	The master server must be accessible to rename a client on a build server.	18660
MsgServer2::RenameNeedsCommit	ES_SERVER2	229	E_FAILED	3	EV_USAGE	1	2	The commit server must be accessible to rename a client on an edge server.	18661
MsgServer2::RenameNoPromoted	ES_SERVER2	230	E_FAILED	3	EV_USAGE	1	0	Client with promoted shelved changes cannot be renamed.	18662
MsgServer2::ClientRenamed	ES_SERVER2	231	E_INFO	1	EV_NONE	0	2	Client %oldClient% renamed to %newClient%.	18663
MsgServer2::ClientNotLocal	ES_SERVER2	234	E_FAILED	3	EV_USAGE	1	0	Client rename must be run on local server.	18666
MsgServer2::RenameCommitOld	ES_SERVER2	235	E_FAILED	3	EV_ADMIN	35	0	Master or commit server must be upgraded to at least 2022.2 to use this feature.	18667
MsgServer2::DistributionBlockSubmit	ES_SERVER2	248	E_FAILED	3	EV_ILLEGAL	4	0	Cannot submit on distribution server.	18680
MsgServer2::DistributionServerOverrides	ES_SERVER2	249	E_FAILED	3	EV_ADMIN	35	0	This server is configured as a type of distribution. P4TARGET/db.replication/lbr.replication must not be set.	18681
MsgServer2::AltSyncNoSupport	ES_SERVER2	251	E_FAILED	3	EV_CLIENT	34	0	Client does not support P4ALTSYNC, required for this workspace.	18683
MsgServer2::AltSyncNotConfigured	ES_SERVER2	252	E_FAILED	3	EV_CLIENT	34	0	Client does not have P4ALTSYNC configured, required for this workspace.	18684
MsgServer2::AltSyncNoVersion	ES_SERVER2	253	E_FAILED	3	EV_CLIENT	34	0	AltSync agent did not send an altSync protocol version.	18685
MsgServer2::AltSyncBadVersion	ES_SERVER2	254	E_FAILED	3	EV_CLIENT	34	1	AltSync agent using unsupported altSync protocol version: %version%	18686
MsgServer2::AltSyncActive	ES_SERVER2	255	E_INFO	1	EV_CLIENT	34	2	AltSync agent '[%prog%|unknown]' in use using altSync protocol version: %version%	18687
MsgServer2::UpgradeAuth	ES_SERVER2	257	E_FAILED	3	EV_ADMIN	35	0	The authentication server must be upgraded before this server can upgrade.	18689
MsgServer2::UpgradeAuthNoLicense	ES_SERVER2	258	E_FAILED	3	EV_ADMIN	35	0	The authentication server must have a valid license before this server can upgrade.	18690
MsgServer2::TooMuchResourceMonitor	ES_SERVER2	264	E_FATAL	4	EV_TOOBIG	39	0	There is already a 'resource-monitor' background process running.	18696
MsgServer2::NonResidentOpenMustSync	ES_SERVER2	269	E_FAILED	3	EV_USAGE	1	2	%clientFile% - must sync before opening for %action% in sparse stream.	18701
MsgServer2::BadJField	ES_SERVER2	270	E_FAILED	3	EV_USAGE	1	2	Bad jfield option specified '%opt%'. Must be one of %optlist%	18702
MsgServer2::TraitDepotNotConfigured	ES_SERVER2	272	E_FAILED	3	EV_CONTEXT	3	0	Trait depot storage has not been configured by '%'trait.storagedepot.min'%'. This value must be greater than 0 to enable trait depot storage.	18704
MsgServer2::TraitDepotNotForCommit	ES_SERVER2	273	E_FAILED	3	EV_CONTEXT	3	0	Trait depot storage is not supported on this version of the commit server. Commit server must be upgraded to use this feature.	18705
MsgClient::BadFlag	ES_CLIENT	3	E_FAILED	3	EV_USAGE	1	0	Unknown flag.  Try ? for help.	8195
MsgClient::ClobberFile	ES_CLIENT	4	E_FAILED	3	EV_CLIENT	34	1	Can't clobber writable file %file%	8196
MsgClient::MkDir	ES_CLIENT	5	E_FAILED	3	EV_CLIENT	34	1	can't create directory for %file%	8197
MsgClient::CantEdit	ES_CLIENT	7	E_FAILED	3	EV_CLIENT	34	1	%type% - can't edit this type of file!	8199
MsgClient::NoMerger	ES_CLIENT	8	E_FAILED	3	EV_CLIENT	34	0	No merge program specified with $P4MERGE or $MERGE.	8200
MsgClient::CheckFileBadPath	ES_CLIENT	9	E_INFO	1	EV_CLIENT	34	2	%file% - symlink at '%dir%', file can't be added.	8201
MsgClient::BadSignature	ES_CLIENT	16	E_FATAL	4	EV_CLIENT	34	0	EDITOR_SIGNATURE must be 4 characters exactly!	8208
MsgClient::ResolveManually	ES_CLIENT	18	E_INFO	1	EV_CLIENT	34	0	Must resolve manually.	8210
MsgClient::NonTextFileMerge	ES_CLIENT	19	E_INFO	1	EV_CLIENT	34	0	Non-text file merge.	8211
MsgClient::MergeMsg2	ES_CLIENT	28	E_INFO	1	EV_CLIENT	34	4	Non-text diff: %yours% yours + %theirs% theirs + %both% both + %conflicting% conflicting	8220
MsgClient::MergeMsg3	ES_CLIENT	20	E_INFO	1	EV_CLIENT	34	4	Diff chunks: %yours% yours + %theirs% theirs + %both% both + %conflicting% conflicting	8212
MsgClient::MergeMsg32	ES_CLIENT	21	E_INFO	1	EV_CLIENT	34	1	Diff chunks: %chunks% between yours and theirs (no common base)	8213
MsgClient::MergePrompt	ES_CLIENT	22	E_INFO	1	EV_CLIENT	34	1	Accept(a) Edit(e) Diff(d) Merge (m) Skip(s) Help(?) [%mergeDefault%]: 	8214
MsgClient::MergePrompt2	ES_CLIENT	26	E_INFO	1	EV_CLIENT	34	1	Accept (at/ay) Skip (s) Help (?) [%mergeDefault%]: 	8218
MsgClient::MergePrompt2Edit	ES_CLIENT	27	E_INFO	1	EV_CLIENT	34	1	Accept (at/ay) Edit (et/ey) Skip (s) Help (?) [%mergeDefault%]: 	8219
MsgClient::ConfirmEdit	ES_CLIENT	24	E_INFO	1	EV_CLIENT	34	0	Use 'ae' to indicate original edits: confirm accept merge (y/n)? 	8216
MsgClient::CheckFileCant	ES_CLIENT	32	E_INFO	1	EV_CLIENT	34	2	%file% - %type% file can't be added.	8224
MsgClient::FileExists	ES_CLIENT	34	E_FAILED	3	EV_CLIENT	34	1	%file% - can't overwrite existing file.	8226
MsgClient::DigestMisMatch	ES_CLIENT	37	E_FAILED	3	EV_CLIENT	34	3	%clientFile% corrupted during transfer (or bad on the server) %clientDigest% vs %serverDigest%	8229
MsgClient::UnknownCharset	ES_CLIENT	42	E_FATAL	4	EV_CLIENT	34	1	Unknown P4CHARSET %charset%.	8234
MsgClient::LockCheckFail	ES_CLIENT	44	E_FAILED	3	EV_CLIENT	34	0	File locking check failed, Perforce server can not run.	8236
MsgClient::InitServerFail	ES_CLIENT	48	E_FAILED	3	EV_CLIENT	34	0	\np4d server failed to initialize.  A 2015.1 or later p4d server\nmust be in your path and runable.	8240
MsgClient::RemoteAlreadySet	ES_CLIENT	62	E_FAILED	3	EV_CLIENT	34	1	Remote '%remote%' is already cached	8254
MsgClient::InitCaseFlagUnset	ES_CLIENT	64	E_FAILED	3	EV_CLIENT	34	0	CaseFlag must be set to -C0 or -C1	8256
MsgClient::InitUnicodeUnset	ES_CLIENT	65	E_FAILED	3	EV_CLIENT	34	0	Unicode must be set to 0 or 1	8257
MsgClient::LocalRemoteMismatch	ES_CLIENT	67	E_FAILED	3	EV_CLIENT	34	0	ServerHelperApi already refers to a local Perforce Server.	8259
MsgClient::RemoteLocalMismatch	ES_CLIENT	68	E_FAILED	3	EV_CLIENT	34	0	ServerHelperApi already refers to a remote Perforce Server.	8260
MsgClient::NoModifiedFile	ES_CLIENT	88	E_FAILED	3	EV_CLIENT	34	2	Can't %action% modified file %file%	8280
MsgClient::InvalidUrl	ES_CLIENT	90	E_FAILED	3	EV_CLIENT	34	0	Can't navigate to URL: protocol must either be http or https!	8282
MsgClient::CantRevertDirectoryNotEmpty	ES_CLIENT	94	E_FAILED	3	EV_CLIENT	34	3	Can't revert moved file %file%\nsince the original file %directory%\nis now a directory which contains more than just the moved file.\nRemove all files from %directory% and try again.	8286
MsgClient::AltSyncBadJSON	ES_CLIENT	98	E_FAILED	3	EV_CLIENT	34	1	AltSync Error: Invalid JSON response: %blob%	8290
MsgClient::AltSyncNoResult	ES_CLIENT	99	E_FAILED	3	EV_CLIENT	34	1	AltSync Error: JSON response missing 'result' key: %blob%	8291
MsgClient::AltSyncBadResult	ES_CLIENT	100	E_FAILED	3	EV_CLIENT	34	1	AltSync Error: JSON response contains invalid 'result' value: %blob%	8292
MsgClient::AltSyncErr	ES_CLIENT	101	E_FAILED	3	EV_CLIENT	34	1	AltSync Error: %err%	8293
MsgClient::AltSyncUnhandledPass	ES_CLIENT	102	E_FAILED	3	EV_CLIENT	34	1	AltSync Error: Cannot passthrough AltSync command: %cmd%	8294
MsgClient::AltSyncNotSupported	ES_CLIENT	103	E_FAILED	3	EV_CLIENT	34	0	AltSync Error: P4API was not built with AltSync support.	8295
MsgClient::AltSyncFailStart	ES_CLIENT	104	E_FAILED	3	EV_CLIENT	34	0	AltSync Error: Failed to start AltSync agent.	8296
MsgClient::ZCResolve	ES_CLIENT	33	E_FAILED	3	EV_COMM	38	2	Zeroconf resolved '%name%' to '%port%'.	8225
`;
